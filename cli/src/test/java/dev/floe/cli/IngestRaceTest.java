package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.GenericData;
import dev.floe.ingest.Batch;
import dev.floe.ingest.RowRanges;
import dev.floe.ingest.TableWriter;
import dev.floe.ingest.files.HashedBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two ingests of the same bytes at once, as two processes would run them (each its own catalog),
 * with different batch boundaries: a row never lands twice, whatever --batch-rows each uses.
 */
class IngestRaceTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "name", Types.StringType.get()));

  @TempDir Path dir;
  private Path warehouse;

  @BeforeEach
  void createTable() {
    warehouse = dir.resolve("wh");
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      floe.tables().createIfAbsent("db.t", SCHEMA, PartitionSpec.unpartitioned());
    }
  }

  @Test
  void aBatchOverlappingRowsAnotherProcessCommittedIsRefusedNotAppended() throws IOException {
    Path file = events(1, 30);
    String key = "cli:sha256:" + HashedBytes.of(file).sha256();
    // Both writers read the (empty) ledger before either commits, as two racing runs do.
    try (Floe one = Floe.open(FloeConfig.embedded(warehouse));
        Floe two = Floe.open(FloeConfig.embedded(warehouse));
        TableWriter tens = TableWriter.forTable(one.tables().load("db.t")).producerId(key).build();
        TableWriter fives =
            TableWriter.forTable(two.tables().load("db.t")).producerId(key).build()) {
      tens.append(Batch.ofRows(RowRanges.sequence(0, 10), rows(1, 10)));

      assertThatThrownBy(() -> fives.append(Batch.ofRows(RowRanges.sequence(5, 5), rows(6, 10))))
          .hasMessageContaining("Cannot commit rows 6-10 of " + key)
          .hasMessageContaining("rows 1-10 were committed meanwhile as another batch");
      assertThatThrownBy(() -> fives.append(Batch.ofRows(RowRanges.sequence(0, 5), rows(1, 5))))
          .hasMessageContaining("rows 1-10 were committed meanwhile");
      assertThat(fives.append(Batch.ofRows(RowRanges.sequence(0, 10), rows(1, 10))).duplicate())
          .isTrue();
      fives.append(Batch.ofRows(RowRanges.sequence(10, 5), rows(11, 15)));
      assertThatThrownBy(() -> tens.append(Batch.ofRows(RowRanges.sequence(10, 10), rows(11, 20))))
          .hasMessageContaining("rows 11-15 were committed meanwhile");
    }
    assertThat(ids()).isEqualTo(range(1, 15));

    CliRun rest = ingest(file, "--batch-rows", "4");

    assertThat(rest.exitCode()).as(rest.err()).isZero();
    assertThat(rest.out()).contains("a.jsonl: rows 1-15 were committed by an earlier ingest");
    assertThat(ids()).isEqualTo(range(1, 30));
  }

  @Test
  void twoIngestsOfOneFileAtDifferentBatchSizesAppendEveryRowOnce() throws Exception {
    Path file = events(1, 3_000);

    // A commit per batch, so the two runs' commits interleave.
    CompletableFuture<CliRun> small =
        CompletableFuture.supplyAsync(
            () -> ingest(file, "--batch-rows", "70", "--commit-bytes", "1"));
    CompletableFuture<CliRun> large =
        CompletableFuture.supplyAsync(
            () -> ingest(file, "--batch-rows", "250", "--commit-bytes", "1"));
    for (CliRun run : List.of(small.get(), large.get())) {
      if (run.exitCode() != 0) {
        assertThat(run.err()).contains("were committed meanwhile as another batch");
      }
    }
    List<Long> landed = ids();
    assertThat(landed).doesNotHaveDuplicates();

    CliRun rerun = ingest(file, "--batch-rows", "1000");

    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(ids()).isEqualTo(range(1, 3_000));
  }

  private CliRun ingest(Path file, String... options) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("ingest", "db.t", file.toString(), "-w", warehouse.toString()));
    args.addAll(List.of(options));
    return CliRun.floe(args.toArray(String[]::new));
  }

  private Path events(long firstId, long lastId) throws IOException {
    String text =
        LongStream.rangeClosed(firstId, lastId)
            .mapToObj(id -> "{\"id\": " + id + ", \"name\": \"n" + id + "\"}\n")
            .collect(Collectors.joining());
    return Files.writeString(dir.resolve("a.jsonl"), text);
  }

  private static List<Map<String, Object>> rows(long firstId, long lastId) {
    return LongStream.rangeClosed(firstId, lastId)
        .mapToObj(id -> Map.<String, Object>of("id", id, "name", "n" + id))
        .toList();
  }

  private List<Long> ids() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = floe.tables().load("db.t");
      return table.currentSnapshot() == null
          ? List.of()
          : GenericData.ids(GenericData.read(table, "main")).stream().sorted().toList();
    }
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
