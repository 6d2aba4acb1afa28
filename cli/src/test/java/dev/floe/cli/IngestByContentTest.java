package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.GenericData;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import dev.floe.ingest.files.HashedBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exactly-once for files: keyed by their bytes, not by their name or the batch size. */
class IngestByContentTest {
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
  void newBytesUnderAReusedNameAppend() throws IOException {
    Path day1 = events("day1/events.jsonl", 1, 10);
    Path day2 = events("day2/events.jsonl", 11, 20);

    CliRun first = ingest(day1.toString());
    assertThat(first.out()).contains("events.jsonl: 10 rows in 1 batch appended");
    CliRun second = ingest(day2.toString());
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out()).contains("events.jsonl: 10 rows in 1 batch appended");

    assertThat(ids()).isEqualTo(range(1, 20));
  }

  @Test
  void sameBytesUnderAnotherNameAppendNothing() throws IOException {
    Path original = events("a.jsonl", 1, 25);
    Path copy = dir.resolve("copy-of-a.jsonl");
    Files.copy(original, copy);

    assertThat(ingest(original.toString()).out()).contains("a.jsonl: 25 rows in 1 batch appended");
    CliRun again = ingest(copy.toString());

    assertThat(again.exitCode()).isZero();
    assertThat(again.out())
        .contains(
            "copy-of-a.jsonl: already ingested (same bytes as an earlier ingest, sha256 "
                + HashedBytes.of(original).sha256().substring(0, 8)
                + "…), nothing appended; --force to append again")
        .contains("Ingested 0 rows");
    assertThat(ids()).isEqualTo(range(1, 25));
  }

  @Test
  void sameFileWithAnotherBatchSizeAppendsNothing() throws IOException {
    Path file = events("a.jsonl", 1, 40);
    assertThat(ingest(file.toString(), "--batch-rows", "10").out())
        .contains("a.jsonl: 40 rows in 4 batches appended");

    CliRun smaller = ingest(file.toString(), "--batch-rows", "5");
    CliRun larger = ingest(file.toString(), "--batch-rows", "1000");

    assertThat(smaller.out()).contains("a.jsonl: already ingested");
    assertThat(larger.out()).contains("a.jsonl: already ingested");
    assertThat(ids()).isEqualTo(range(1, 40));
  }

  @Test
  void partlyCommittedFileResumesExactlyAtAnotherBatchSize() throws IOException {
    Path file = events("a.jsonl", 1, 70);
    // Batches 0-2 of 10 rows committed under the file's key, as a run killed after them leaves it.
    String key = "cli:sha256:" + HashedBytes.of(file).sha256() + ":10";
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse));
        TableWriter writer =
            TableWriter.forTable(floe.tables().load("db.t")).producerId(key).build()) {
      for (int batch = 0; batch < 3; batch++) {
        writer.append(Batch.ofRows(batch, rows(batch * 10 + 1, batch * 10 + 10)));
      }
    }

    CliRun resumed = ingest(file.toString(), "--batch-rows", "50");

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out())
        .contains("a.jsonl: rows 1-30 were committed by an earlier ingest of the same bytes")
        .contains("a.jsonl: 40 rows in 1 batch appended"); // at --batch-rows 50, not 10
    assertThat(ids()).isEqualTo(range(1, 70));
  }

  @Test
  void badRowStopsPartWaySayingWhichBatchesAreCommittedAndARerunResumes() throws IOException {
    List<String> lines = new ArrayList<>();
    for (long id = 1; id <= 9; id++) {
      lines.add(id == 7 ? "{\"id\": 7, \"team\": \"x\"}" : "{\"id\": " + id + "}");
    }
    Path file = dir.resolve("a.jsonl");
    Files.write(file, lines);

    CliRun stopped = ingest(file.toString(), "--batch-rows", "3");

    assertThat(stopped.exitCode()).isOne();
    assertThat(stopped.err().lines().findFirst().orElseThrow())
        .contains(file + ":7: column 'team' is not a column of the table")
        .contains(
            "batches 0-1 of a.jsonl were committed before it stopped (6 rows): re-running the same"
                + " file resumes at batch 2");
    assertThat(ids()).isEqualTo(range(1, 6));

    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      floe.tables().load("db.t").updateSchema().addColumn("team", Types.StringType.get()).commit();
    }
    CliRun resumed = ingest(file.toString(), "--batch-rows", "100");

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("a.jsonl: 3 rows in 1 batch appended");
    assertThat(ids()).isEqualTo(range(1, 9));
  }

  @Test
  void nameKeysOfAnEarlierFloeStillCount() throws IOException {
    Path file = events("old/a.jsonl", 1, 30);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    // An earlier Floe keyed the file by name, batch n at its --batch-rows: it committed 0 and 1.
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse));
        TableWriter writer =
            TableWriter.forTable(floe.tables().load("db.t")).producerId("cli").build()) {
      writer.append(Batch.ofRows(0, rows(1, 10)).forProducer("cli:a.jsonl"));
      writer.append(Batch.ofRows(1, rows(11, 20)).forProducer("cli:a.jsonl"));
    }

    CliRun upgraded = ingest(file.toString(), "--batch-rows", "10");
    CliRun again = ingest(file.toString(), "--batch-rows", "10");

    assertThat(upgraded.exitCode()).as(upgraded.err()).isZero();
    assertThat(upgraded.out())
        .contains(
            "a.jsonl: batches 0-1 (at 10 rows a batch) were committed by an earlier Floe under the"
                + " name key cli:a.jsonl, skipped")
        .contains("a.jsonl: 10 rows in 1 batch appended");
    assertThat(again.out()).contains("Ingested 0 rows");
    assertThat(ids()).isEqualTo(range(1, 30));

    // The name key belongs to those bytes now: a new file of that name appends.
    Path next = events("new/a.jsonl", 31, 35);
    assertThat(ingest(next.toString()).out()).contains("a.jsonl: 5 rows in 1 batch appended");
    assertThat(ids()).isEqualTo(range(1, 35));
  }

  @Test
  void aFileWrittenAfterItsNameKeyWasCommittedIsNewBytes() throws IOException {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse));
        TableWriter writer =
            TableWriter.forTable(floe.tables().load("db.t")).producerId("cli").build()) {
      writer.append(
          Batch.ofRows(0, rows(1, 10)).forProducer("cli:events.jsonl")); // yesterday's export
    }
    Path today = events("events.jsonl", 11, 20);
    Files.setLastModifiedTime(today, FileTime.from(Instant.now().plus(Duration.ofMinutes(1))));

    CliRun run = ingest(today.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "events.jsonl: an earlier Floe committed batches under the name key cli:events.jsonl"
                + " before this file was last modified: appending it as new bytes")
        .contains("events.jsonl: 10 rows in 1 batch appended");
    assertThat(ids()).isEqualTo(range(1, 20));
  }

  @Test
  void forceAppendsTheSameBytesAgain() throws IOException {
    Path file = events("a.jsonl", 1, 5);
    ingest(file.toString());

    CliRun forced = ingest(file.toString(), "--force");

    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.out())
        .contains(
            "a.jsonl: 5 rows in 1 batch appended again (--force: the same bytes were ingested"
                + " before)");
    List<Long> twice = new ArrayList<>(range(1, 5));
    twice.addAll(range(1, 5));
    assertThat(ids()).isEqualTo(twice.stream().sorted().toList());
    assertThat(ingest(file.toString()).out()).contains("a.jsonl: already ingested");
  }

  private Path events(String name, long firstId, long lastId) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    String text =
        LongStream.rangeClosed(firstId, lastId)
            .mapToObj(id -> "{\"id\": " + id + ", \"name\": \"n" + id + "\"}\n")
            .collect(Collectors.joining());
    return Files.writeString(file, text);
  }

  private static List<Map<String, Object>> rows(long firstId, long lastId) {
    return LongStream.rangeClosed(firstId, lastId)
        .mapToObj(id -> Map.<String, Object>of("id", id, "name", "n" + id))
        .toList();
  }

  private static List<Long> range(long first, long last) {
    return LongStream.rangeClosed(first, last).boxed().toList();
  }

  /** Every id on main, sorted, duplicates kept. */
  private List<Long> ids() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = floe.tables().load("db.t");
      return table.currentSnapshot() == null
          ? List.of()
          : GenericData.ids(GenericData.read(table, "main")).stream().sorted().toList();
    }
  }

  private CliRun ingest(String... args) {
    List<String> all =
        new ArrayList<>(List.of("ingest", "-w", warehouse.toString(), "--table", "db.t"));
    all.addAll(List.of(args));
    return CliRun.floe(all.toArray(String[]::new));
  }
}
