package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.bench.CliIngestPath;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.GenericData;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import dev.floe.ingest.files.HashedBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe ingest} with group commit, row-offset keys, dead letters and its summary. */
class IngestAtSpeedTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "user_id", Types.LongType.get()),
          Types.NestedField.optional(3, "event_ts", Types.TimestampType.withZone()));

  @TempDir Path dir;
  private Path warehouse;

  @BeforeEach
  void createTable() {
    warehouse = dir.resolve("wh");
    PartitionSpec spec =
        PartitionSpec.builderFor(SCHEMA).day("event_ts").bucket("user_id", 16).build();
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      floe.tables().createIfAbsent("db.t", SCHEMA, spec);
    }
  }

  @Test
  void tenThousandRowsMakeOneSnapshotAndOneFilePerPartition() throws Exception {
    Path csv = events("events.csv", 1, 10_000);

    CliRun run =
        CliRun.floe("ingest", "-w", warehouse.toString(), "db.t", csv.toString(), "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    Table table = table();
    List<DataFile> files = new ArrayList<>();
    table.currentSnapshot().addedDataFiles(table.io()).forEach(files::add);
    Map<String, Long> perPartition =
        files.stream()
            .collect(Collectors.groupingBy(f -> f.partition().toString(), Collectors.counting()));
    assertThat(perPartition.size()).isGreaterThan(16); // 2 days x 16 buckets, nearly all filled
    assertThat(perPartition.values()).allMatch(n -> n == 1);
    assertThat(table.snapshots()).hasSize(1);
    assertThat(json.get("rows").asLong()).isEqualTo(10_000);
    assertThat(json.get("input_files").asInt()).isEqualTo(1);
    assertThat(json.get("snapshots").asLong()).isEqualTo(1);
    assertThat(json.get("data_files").asLong()).isEqualTo(files.size());
    assertThat(json.get("batches_already_committed").asLong()).isZero();
    assertThat(json.get("rows_per_second").asLong()).isPositive();
  }

  @Test
  void summarySaysRowsFilesAndSnapshots() throws IOException {
    Path a = events("a.csv", 1, 30);
    Path b = events("b.csv", 31, 50);

    CliRun run = ingest(a.toString(), b.toString(), "--batch-rows", "7");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("a.csv: 30 rows in 5 batches appended", "b.csv: 20 rows in 3 batches appended")
        .containsPattern(
            "Ingested 50 rows from 2 file\\(s\\) into db.t in 8 batch\\(es\\) \\(0 already"
                + " committed\\): \\d+ data file\\(s\\), 1 snapshot\\(s\\), ");
    assertThat(ids()).isEqualTo(range(1, 50));
  }

  @Test
  void rerunAfterAKillAtAnotherBatchSizeAppendsOnlyTheRest() throws IOException {
    Path file = events("a.csv", 1, 70);
    // A run at 10 rows a batch killed after three batches: rows 0-29 under the row-offset key.
    String key = "cli:sha256:" + HashedBytes.of(file).sha256();
    commitAs(
        key,
        Batch.ofRows(FileKey.sequence(0, 10), rows(1, 10)),
        Batch.ofRows(FileKey.sequence(10, 10), rows(11, 20)),
        Batch.ofRows(FileKey.sequence(20, 10), rows(21, 30)));

    CliRun resumed = ingest(file.toString(), "--batch-rows", "25");
    CliRun again = ingest(file.toString(), "--batch-rows", "4");

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out())
        .contains("a.csv: rows 1-30 were committed by an earlier ingest of the same bytes")
        .contains("a.csv: 40 rows in 2 batches appended");
    assertThat(again.out()).contains("a.csv: already ingested", "Ingested 0 rows");
    assertThat(ids()).isEqualTo(range(1, 70));
  }

  @Test
  void killedRunResumesAtAnotherBatchSizeWithEveryRowOnce() throws Exception {
    int total = 200_000;
    Path csv = events("big.csv", 1, total);
    // A real process, killed (SIGKILL) once a few of its commits (one per batch) have landed.
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Duser.home=" + dir,
                "-cp",
                System.getProperty("java.class.path"),
                FloeCli.class.getName(),
                "ingest",
                "-w",
                warehouse.toString(),
                "db.t",
                csv.toString(),
                "--batch-rows",
                "1000",
                "--commit-bytes",
                "1")
            .redirectOutput(dir.resolve("child.out").toFile())
            .redirectError(dir.resolve("child.err").toFile())
            .start();
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (metadataFiles() < 4 && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    child.destroyForcibly().waitFor();
    List<Long> before = ids();
    assertThat(before.size()).as("killed part-way").isBetween(1, total - 1);

    CliRun resumed = ingest(csv.toString(), "--batch-rows", "777");

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("big.csv: rows 1-" + before.size() + " were committed");
    assertThat(ids()).isEqualTo(range(1, total));
  }

  /** Table metadata files written so far: one per commit, read without opening the catalog. */
  private long metadataFiles() throws IOException {
    try (Stream<Path> all = Files.walk(warehouse)) {
      return all.filter(p -> p.toString().endsWith(".metadata.json")).count();
    }
  }

  @Test
  void aFileIngestedUnderTheOldBatchSizeKeyIsNotAppendedAgain() throws IOException {
    Path file = events("a.csv", 1, 25);
    String old = "cli:sha256:" + HashedBytes.of(file).sha256() + ":10000";
    commitAs(old, Batch.ofRows(0, rows(1, 25))); // the old CLI: batch 0 at 10,000 rows

    CliRun run = ingest(file.toString(), "--batch-rows", "3");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("a.csv: already ingested", "Ingested 0 rows");
    assertThat(ids()).isEqualTo(range(1, 25));
  }

  @Test
  void deadLetterTakesBadRowsWithReasonsAndTheRestAppends() throws IOException {
    Path csv =
        Files.writeString(
            dir.resolve("bad.csv"),
            "id,user_id,event_ts\n1,1,2026-11-01T00:00:00Z\n2,x,2026-11-01T00:00:00Z\n"
                + "3,3,2026-11-02T00:00:00Z\n");
    Path letters = dir.resolve("letters");

    CliRun without = ingest(csv.toString());
    assertThat(without.exitCode()).isOne();
    assertThat(without.err()).contains(csv + ":3: column 'user_id' cannot convert x");
    CliRun with = ingest(csv.toString(), "--dead-letter", letters.toString());

    assertThat(with.exitCode()).as(with.err()).isZero();
    assertThat(with.out())
        .contains("bad.csv: 2 rows in 1 batch appended, 1 rows to the dead letters")
        .contains("1 rows to the dead letters in " + letters);
    try (Stream<Path> written = Files.list(letters)) {
      assertThat(written.filter(p -> p.toString().endsWith(".parquet")).count()).isEqualTo(1);
    }
    assertThat(ids()).isEqualTo(List.of(1L, 3L));
  }

  @Test
  void tableIsPositionalAndTheOldOptionStillWorks() throws IOException {
    Path a = events("a.csv", 1, 5);
    Path b = events("b.csv", 6, 9);

    CliRun positional = CliRun.floe("ingest", "-w", warehouse.toString(), "db.t", a.toString());
    CliRun alias = ingest(b.toString());
    CliRun noFile = CliRun.floe("ingest", "-w", warehouse.toString(), "db.t");
    CliRun help = CliRun.floe("ingest", "--help");

    assertThat(positional.exitCode()).as(positional.err()).isZero();
    assertThat(alias.exitCode()).as(alias.err()).isZero();
    assertThat(ids()).isEqualTo(range(1, 9));
    assertThat(noFile.exitCode()).isEqualTo(2);
    assertThat(noFile.err()).contains("Missing FILE");
    // The synopsis wraps where picocli decides: TABLE and [FILE...] may sit on two lines.
    assertThat(help.out())
        .containsPattern("TABLE\\s+\\[FILE\\.\\.\\.\\]")
        .doesNotContain("--table");
  }

  @Test
  void benchFindsTheCliIngestPath() throws IOException {
    Path csv = events("a.csv", 1, 3);
    CliIngestPath cli = ServiceLoader.load(CliIngestPath.class).findFirst().orElseThrow();
    StringBuilder out = new StringBuilder();

    int code = cli.ingest(warehouse, "db.t", List.of(csv), List.of("--batch-rows", "2"), out);

    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString()).contains("a.csv: 3 rows in 2 batches appended");
    assertThat(ids()).isEqualTo(range(1, 3));
  }

  /** Commits {@code batches} as producer {@code producer}, as an earlier run would have. */
  private void commitAs(String producer, Batch... batches) {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse));
        TableWriter writer =
            TableWriter.forTable(floe.tables().load("db.t")).producerId(producer).build()) {
      for (Batch batch : batches) {
        writer.append(batch);
      }
    }
  }

  private Path events(String name, long firstId, long lastId) throws IOException {
    String text =
        LongStream.rangeClosed(firstId, lastId)
            .mapToObj(id -> id + "," + id % 97 + ",2026-11-0" + (1 + id % 2) + "T10:00:00Z\n")
            .collect(Collectors.joining("", "id,user_id,event_ts\n", ""));
    return Files.writeString(dir.resolve(name), text);
  }

  private static List<Map<String, Object>> rows(long firstId, long lastId) {
    return LongStream.rangeClosed(firstId, lastId)
        .mapToObj(
            id ->
                Map.<String, Object>of(
                    "id",
                    id,
                    "user_id",
                    id % 97,
                    "event_ts",
                    "2026-11-0" + (1 + id % 2) + "T10:00:00Z"))
        .toList();
  }

  private static List<Long> range(long first, long last) {
    return LongStream.rangeClosed(first, last).boxed().toList();
  }

  private Table table() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      return floe.tables().load("db.t");
    }
  }

  private List<Long> ids() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = floe.tables().load("db.t");
      return GenericData.ids(GenericData.read(table, "main")).stream().sorted().toList();
    }
  }

  private CliRun ingest(String... args) {
    List<String> all =
        new ArrayList<>(List.of("ingest", "-w", warehouse.toString(), "--table", "db.t"));
    all.addAll(List.of(args));
    return CliRun.floe(all.toArray(String[]::new));
  }
}
