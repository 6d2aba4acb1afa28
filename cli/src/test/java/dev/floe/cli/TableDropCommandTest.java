package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe table drop}: behind an explicit flag, and no purge of what a tag pins. */
class TableDropCommandTest {
  @TempDir Path dir;
  private String warehouse;

  @BeforeEach
  void tableWithRows() throws Exception {
    warehouse = dir.resolve("wh").toString();
    Path schema =
        Files.writeString(
            dir.resolve("s.json"), "{\"columns\": [{\"name\": \"id\", \"type\": \"long\"}]}");
    Path rows = Files.writeString(dir.resolve("a.jsonl"), "{\"id\": 1}\n");
    String line = "ingest --table demo.t -w %s --create --schema %s %s";
    CliRun ingest = CliRun.floe(String.format(line, warehouse, schema, rows).split(" "));
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
  }

  @Test
  void needsTheExplicitFlag() {
    TableCreateCommandTest.assertUsage(
        CliRun.floe("table", "drop", "demo.t", "-w", warehouse),
        "floe: Dropping demo.t loses its rows: add --yes-drop-data to confirm");
    assertThat(CliRun.floe("table", "describe", "demo.t", "-w", warehouse).exitCode()).isZero();
  }

  @Test
  void dropsKeepingFilesUnlessPurge() throws Exception {
    CliRun run = CliRun.floe("table", "drop", "demo.t", "-w", warehouse, "--yes-drop-data");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Dropped table demo.t (files kept)");
    assertThat(dataFiles()).isPositive();
    CliRun gone = CliRun.floe("table", "describe", "demo.t", "-w", warehouse);
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).contains("Table does not exist: demo.t");
  }

  @Test
  void purgeIsRefusedWhileATagPinsASnapshotUnlessForced() throws Exception {
    assertThat(CliRun.floe("tag", "demo.t", "run-1", "-w", warehouse).exitCode()).isZero();

    CliRun refused =
        CliRun.floe("table", "drop", "demo.t", "-w", warehouse, "--yes-drop-data", "--purge");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err().lines().findFirst().orElse(""))
        .isEqualTo(
            "floe: Cannot purge demo.t: tags run-1 pin its snapshots (training runs); --force"
                + " purges anyway");
    assertThat(dataFiles()).isPositive();

    CliRun forced =
        CliRun.floe(
            "table", "drop", "demo.t", "-w", warehouse, "--yes-drop-data", "--purge", "--force");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("Dropped table demo.t and its files");
    assertThat(dataFiles()).isZero();
  }

  @Test
  void refusesAnUnknownTableARefAndAForceWithoutPurge() {
    CliRun unknown = CliRun.floe("table", "drop", "demo.nope", "-w", warehouse, "--yes-drop-data");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).startsWith("floe: Table does not exist: demo.nope");
    TableCreateCommandTest.assertUsage(
        CliRun.floe("table", "drop", "demo.t@b", "-w", warehouse, "--yes-drop-data"),
        "floe: Cannot drop demo.t@b: a table is dropped whole");
    TableCreateCommandTest.assertUsage(
        CliRun.floe("table", "drop", "demo.t", "-w", warehouse, "--yes-drop-data", "--force"),
        "floe: --force only applies to --purge");
  }

  private long dataFiles() throws Exception {
    try (Stream<Path> files = Files.walk(Path.of(warehouse))) {
      return files.filter(p -> p.toString().endsWith(".parquet")).count();
    }
  }
}
