package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.GenericData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "name", Types.StringType.get()),
          Types.NestedField.optional(3, "score", Types.DoubleType.get()),
          Types.NestedField.optional(4, "ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(
              5, "embedding", Types.ListType.ofOptional(6, Types.FloatType.get())));

  @TempDir Path dir;
  private String warehouse;

  @BeforeEach
  void createTable() {
    warehouse = dir.resolve("wh").toString();
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(warehouse)))) {
      floe.tables().createIfAbsent("db.t", SCHEMA, PartitionSpec.unpartitioned());
    }
  }

  @Test
  void ingestsCsvAndJsonLinesOnceEvenWhenRunTwice() throws IOException {
    Path csv =
        write("a.csv", "id,name,score,ts\n1,\"Smith, Ann\",1.5,2026-11-01T08:00:00Z\n2,,2,\n");
    Path jsonl =
        write(
            "b.jsonl",
            "{\"id\": 3, \"name\": \"x\", \"score\": 0.25}\n\n{\"id\": 4, \"ts\": \"2026-11-02T00:00:00Z\"}\n");

    CliRun first = ingest(csv.toString(), jsonl.toString(), "--batch-rows", "1");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("Ingested 4 rows from 2 file(s) into db.t in 4 batch(es)");
    assertThat(first.err()).as("no progress without a terminal").isEmpty();

    CliRun again = ingest(csv.toString(), jsonl.toString(), "--batch-rows", "1");
    assertThat(again.out()).contains("Ingested 0 rows", "(4 already committed)");

    List<Record> rows = read();
    assertThat(GenericData.ids(rows)).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
    Record ann = rows.stream().filter(r -> r.getField("id").equals(1L)).findFirst().orElseThrow();
    assertThat(ann.getField("name")).isEqualTo("Smith, Ann");
    assertThat(ann.getField("score")).isEqualTo(1.5);
  }

  @Test
  void badFileReportsFileLineAndWhatIsWrong() throws IOException {
    Path bad = write("bad.csv", "id,name,score\n1,a,1.0\n2,b,abc\n");
    CliRun run = ingest(bad.toString());
    assertThat(run.exitCode()).isOne();
    assertThat(run.err())
        .contains(bad + ":3: column 'score' cannot convert abc (java.lang.String) to double");
    assertThat(read()).isEmpty();

    Path json = write("bad.jsonl", "{\"id\": 1}\n{\"id\": \n");
    assertThat(ingest(json.toString()).err()).contains(json + ":2: not a JSON object");
  }

  @Test
  void forcedProgressShowsFilesRowsAndRateOnStderr() throws IOException {
    Path csv = write("a.csv", "id,name\n1,x\n2,y\n");
    Path jsonl = write("b.jsonl", "{\"id\": 3}\n");

    CliRun run = ingest(csv.toString(), jsonl.toString(), "--progress", "--batch-rows", "1");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains(
            "a.csv: 2 rows\n",
            "b.jsonl: 1 rows\n",
            "ingest db.t: 3 rows, 2/2 files, ",
            " rows/s, done");
    assertThat(run.out()).contains("Ingested 3 rows from 2 file(s)");

    CliRun quiet = ingest(csv.toString(), "--no-progress");
    assertThat(quiet.exitCode()).isZero();
    assertThat(quiet.err()).isEmpty();
  }

  private CliRun ingest(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "ingest";
    all[1] = "-w";
    all[2] = warehouse;
    all[3] = "--table";
    all[4] = "db.t";
    System.arraycopy(args, 0, all, 5, args.length);
    return CliRun.floe(all);
  }

  private List<Record> read() {
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(warehouse)))) {
      Table table = floe.tables().load("db.t");
      return table.currentSnapshot() == null ? List.of() : GenericData.read(table, "main");
    }
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
