package dev.floe.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockVerificationException;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import dev.floe.timetravel.ArrowBatches;
import dev.floe.timetravel.Rehydration;
import dev.floe.timetravel.Split;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every rehydration read is one run, passed or failed, valid against OpenLineage's schema: a shard
 * read ({@code Rehydration.shard}, what {@code floe serve} and the Python dataset use) names its
 * rank, world size and epoch in Floe's facet; a file or unit that fails its check before any of its
 * rows is handed out fails the run; a verification pass before a part's read is no run of its own.
 */
class RehydrationEventsTest {
  private static final String CORE = "https://openlineage.io/spec/2-0-2/OpenLineage.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "x", Types.DoubleType.get()));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Path events;
  private Floe floe;
  private BufferAllocator allocator;
  private Table table;
  private TrainingLock lock;

  /** Four files of 100 rows, pinned with a split as {@code run-7}; events go to a file. */
  @BeforeEach
  void open() throws IOException {
    events = temp.path().resolve("lineage").resolve("events.jsonl");
    Files.createDirectories(events.getParent());
    floe =
        Lakehouse.open(
            temp.path().resolve("wh"),
            Map.of(
                "floe.lineage.transport.type",
                "file",
                "floe.lineage.transport.location",
                events.toString()));
    allocator = new RootAllocator();
    table =
        floe.tables()
            .createIfAbsent(
                "ml.shards",
                SCHEMA,
                PartitionSpec.unpartitioned(),
                // Values stay as plain bytes in the file, so a test can alter one in place.
                Map.of(TableProperties.PARQUET_COMPRESSION, "uncompressed"));
    try (TableWriter writer = TableWriter.forTable(table).producerId("feed").build()) {
      for (int seq = 0; seq < 4; seq++) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long id = seq * 100L; id < seq * 100L + 100; id++) {
          rows.add(Map.of("id", id, "x", id * 1.25 + 0.5));
        }
        writer.append(Batch.ofRows(seq + 1, rows));
      }
    }
    Split split = Split.by("id").train(0.6).validation(0.2).test(0.2).seed(7).build();
    lock = TimeTravel.pin(floe, "ml.shards").split(split).tag("run-7").commit();
  }

  @AfterEach
  void close() {
    allocator.close();
    if (floe != null) {
      floe.close();
    }
  }

  @Test
  void eachShardReadIsOneRehydrationRunAndATamperedUnitFailsIt() throws IOException {
    assertThat(shard(0) + shard(1)).isEqualTo(400);
    tamper();
    List<Integer> failed = new ArrayList<>();
    for (int rank = 0; rank < 2; rank++) {
      try {
        shard(rank);
      } catch (LockVerificationException e) {
        assertThat(e).hasMessageContaining("content digest mismatch");
        failed.add(rank);
      }
    }
    assertThat(failed).hasSize(1);
    assertThatThrownBy(() -> shard(failed.get(0))).isInstanceOf(LockVerificationException.class);

    List<JsonNode> shardRuns = rehydrations();
    // Two passing reads, then one of each, then the failing shard once more.
    assertThat(shardRuns)
        .extracting(e -> e.at("/eventType").asText())
        .containsExactly(
            "COMPLETE",
            "COMPLETE",
            failed.get(0) == 0 ? "FAIL" : "COMPLETE",
            failed.get(0) == 0 ? "COMPLETE" : "FAIL",
            "FAIL");
    List<String> runIds = new ArrayList<>();
    for (JsonNode event : shardRuns) {
      JsonNode shard = event.at("/run/facets/floe/shard");
      assertThat(shard.at("/rank").asInt()).isBetween(0, 1);
      assertThat(shard.at("/worldSize").asInt()).isEqualTo(2);
      assertThat(shard.at("/epoch").asText()).isEqualTo("5");
      assertThat(event.at("/run/facets/floe/lock/name").asText()).isEqualTo("run-7");
      assertThat(event.at("/run/facets/floe/verified").asBoolean()).isTrue();
      runIds.add(event.at("/run/runId").asText());
    }
    assertThat(runIds).doesNotHaveDuplicates();
    assertThat(shardRuns.subList(0, 2))
        .extracting(e -> e.at("/run/facets/floe/shard/rank").asInt())
        .containsExactly(0, 1);
    assertThat(rowCount(shardRuns.get(0)) + rowCount(shardRuns.get(1))).isEqualTo(400);
  }

  @Test
  void aWholeReadIsOneRunAndAFileFailingItsCheckFailsIt() throws IOException {
    assertThat(read(TimeTravel.rehydrate(floe, lock))).isEqualTo(400);
    tamper();
    assertThatThrownBy(() -> read(TimeTravel.rehydrate(floe, lock)))
        .isInstanceOf(LockVerificationException.class);

    List<JsonNode> runs = rehydrations();
    assertThat(runs)
        .extracting(e -> e.at("/eventType").asText())
        .containsExactly("COMPLETE", "FAIL");
    assertThat(rowCount(runs.get(0))).isEqualTo(400);
    assertThat(runs)
        .allSatisfy(e -> assertThat(e.at("/run/facets/floe/shard").isMissingNode()).isTrue());
  }

  @Test
  void aPartReadsVerificationPassIsNoRunOfItsOwnUnlessItFails() throws IOException {
    long train = read(TimeTravel.rehydrate(floe, lock).part(Split.Part.TRAIN));
    tamper();
    assertThatThrownBy(() -> read(TimeTravel.rehydrate(floe, lock).part(Split.Part.TRAIN)))
        .isInstanceOf(LockVerificationException.class);

    // The part's read verifies every file first: one run per read all the same.
    List<JsonNode> runs = rehydrations();
    assertThat(runs)
        .extracting(e -> e.at("/eventType").asText())
        .containsExactly("COMPLETE", "FAIL");
    assertThat(rowCount(runs.get(0))).isEqualTo(train).isBetween(1L, 399L);
  }

  /** Reads shard {@code rank} of two, epoch 5, to its end; returns its rows. */
  private long shard(int rank) {
    return read(TimeTravel.rehydrate(floe, lock).shard(rank, 2).epoch(5));
  }

  private long read(Rehydration rehydration) {
    try (ArrowBatches batches = rehydration.arrow(allocator)) {
      batches.forEach(batch -> {});
      return batches.rowsRead();
    }
  }

  /** A value (not a bound) of the file of ids 0-99 changed, its size kept. */
  private void tamper() throws IOException {
    replace(table, 50 * 1.25 + 0.5, -1.0);
  }

  /** The rehydration runs told, in order, each checked against OpenLineage's schema. */
  private List<JsonNode> rehydrations() throws IOException {
    floe.close(); // delivers what is buffered
    floe = null;
    JsonSchemaCheck check = JsonSchemaCheck.openLineage("OpenLineage.json");
    List<JsonNode> runs = new ArrayList<>();
    for (String line : Files.readAllLines(events)) {
      JsonNode event = JSON.readTree(line);
      if (event.at("/job/name").asText().equals("ml.shards.rehydrate")) {
        assertThat(check.errors(CORE, check.schema(CORE), event)).as(event.toString()).isEmpty();
        runs.add(event);
      }
    }
    return runs;
  }

  private static long rowCount(JsonNode event) {
    return event.at("/inputs/0/inputFacets/inputStatistics/rowCount").asLong();
  }

  /** Replaces the first {@code from} in a data file of {@code table} (in place, same size). */
  private static void replace(Table table, double from, double to) throws IOException {
    table.refresh();
    byte[] find = le(from);
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        String location = task.file().location();
        Path file =
            location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        byte[] bytes = Files.readAllBytes(file);
        for (int at = 0; at + 8 <= bytes.length; at++) {
          if (Arrays.equals(bytes, at, at + 8, find, 0, 8)) {
            System.arraycopy(le(to), 0, bytes, at, 8);
            Files.write(file, bytes);
            return;
          }
        }
      }
    }
    throw new AssertionError("no value " + from + " in a data file of " + table);
  }

  private static byte[] le(double value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value).array();
  }
}
