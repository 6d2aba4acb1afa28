package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.timetravel.TrainingLock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance beside a pinned lock: the pin's tag keeps its snapshot through a rewrite and an
 * expire, an orphan removal never deletes a file the lock reads, and a snapshot that is gone is a
 * one-line error, never an empty answer.
 */
class PinMaintenanceCommandTest {
  @TempDir Path dir;
  private String warehouse;
  private Path lockFile;
  private long pinned;

  @BeforeEach
  void pinThenRewriteEverything() {
    warehouse = dir.resolve("wh").toString();
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(warehouse)))) {
      Table table =
          floe.tables()
              .createIfAbsent("ml.events", BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned());
      BranchCommandTest.append(table, "main", 1, 2, 3);
      BranchCommandTest.append(table, "main", 4, 5);
    }
    lockFile = dir.resolve("run.floe.lock.json");
    CliRun pin = CliRun.floe("pin", "ml.events", "--out", lockFile.toString(), "-w", warehouse);
    assertThat(pin.exitCode()).as(pin.err()).isZero();
    pinned = TrainingLock.read(lockFile).snapshotId();
    // The pinned files leave main: only the pin's snapshot still reads them.
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(warehouse)))) {
      Table table = floe.tables().load("ml.events");
      table.newDelete().deleteFromRowFilter(Expressions.alwaysTrue()).commit();
      BranchCommandTest.append(table, "main", 10, 11);
    }
  }

  @Test
  void orphansDeleteNeverDeletesAFileOfAPinnedSnapshot() throws IOException {
    CliRun expire =
        CliRun.floe(
            "expire", "ml.events", "--older-than", "0s", "--retain-last", "1", "-w", warehouse);
    assertThat(expire.exitCode()).as(expire.err()).isZero();
    Path data = tableDir().resolve("data");
    List<Path> before = files(data);
    // Old enough for the orphan check's age rule: only reachability protects the pinned files.
    for (Path file : before) {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(7))));
    }
    Path stray = data.resolve("stray.parquet");
    Files.writeString(stray, "not committed");
    Files.setLastModifiedTime(stray, FileTime.from(Instant.now().minus(Duration.ofDays(7))));

    CliRun orphans = CliRun.floe("orphans", "ml.events", "--delete", "-w", warehouse);

    assertThat(orphans.exitCode()).as(orphans.err()).isZero();
    assertThat(orphans.out()).contains("1 orphan files").contains("stray.parquet");
    assertThat(stray).doesNotExist();
    assertThat(files(data)).containsExactlyInAnyOrderElementsOf(before);
    CliRun verify = CliRun.floe("verify", lockFile.toString(), "--deep", "-w", warehouse);
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    CliRun rehydrate =
        CliRun.floe(
            "rehydrate",
            lockFile.toString(),
            "--out",
            dir.resolve("x").toString(),
            "-w",
            warehouse);
    assertThat(rehydrate.exitCode()).as(rehydrate.err()).isZero();
  }

  @Test
  void pinLineageAndRehydrateOfAnExpiredSnapshotAreOneLineErrors() {
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(warehouse)))) {
      floe.tables().load("ml.events").manageSnapshots().removeTag("floe-pin-" + pinned).commit();
    }
    CliRun expire =
        CliRun.floe(
            "expire", "ml.events", "--older-than", "0s", "--retain-last", "1", "-w", warehouse);
    assertThat(expire.exitCode()).as(expire.err()).isZero();

    CliRun lineage =
        CliRun.floe("lineage", "ml.events", "--snapshot", Long.toString(pinned), "-w", warehouse);
    CliRun rehydrate =
        CliRun.floe(
            "rehydrate",
            lockFile.toString(),
            "--out",
            dir.resolve("x").toString(),
            "-w",
            warehouse);

    Path again = dir.resolve("again.floe.lock.json");
    CliRun pin =
        CliRun.floe(
            "pin",
            "ml.events",
            "--snapshot",
            Long.toString(pinned),
            "--out",
            again.toString(),
            "-w",
            warehouse);

    assertThat(pin.exitCode()).isNotZero();
    assertThat(pin.err().lines().findFirst().orElseThrow()).contains("no snapshot " + pinned);
    assertThat(again).doesNotExist();
    assertThat(lineage.exitCode()).isNotZero();
    assertThat(lineage.out()).isEmpty();
    assertThat(lineage.err().lines().findFirst().orElseThrow())
        .contains("Cannot tell the lineage of ml.events: it has no snapshot " + pinned);
    assertThat(rehydrate.exitCode()).isNotZero();
    assertThat(rehydrate.err()).contains(Long.toString(pinned));
    assertThat(dir.resolve("x")).doesNotExist();
  }

  private Path tableDir() {
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(warehouse)))) {
      String location = floe.tables().load("ml.events").location();
      return Path.of(URI.create("file:" + location.replaceFirst("^file:", "")));
    }
  }

  private static List<Path> files(Path folder) throws IOException {
    try (Stream<Path> all = Files.walk(folder)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }
}
