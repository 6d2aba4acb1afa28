package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.util.SnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `floe pin --out` never replaces an earlier run's lock, or anything that is not a file; a lock
 * never names a ref that does not hold the snapshot it pins.
 */
class PinOutCommandTest {
  @TempDir Path dir;

  @Test
  void anExistingLockIsKeptUnlessForceIsGiven() throws Exception {
    String warehouse = dir.resolve("wh").toString();
    CliRun.floe("demo", "-w", warehouse, "--producers", "1", "--batches", "1", "--rows", "50");
    Path lock = dir.resolve("run.floe.lock.json");
    assertThat(
            CliRun.floe("pin", "demo.events", "-w", warehouse, "--out", lock.toString()).exitCode())
        .isZero();
    String first = Files.readString(lock);

    CliRun again =
        CliRun.floe("pin", "demo.events", "-w", warehouse, "--tag", "t2", "--out", lock.toString());

    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("Lock file " + lock + " exists");
    assertThat(Files.readString(lock)).isEqualTo(first);
    CliRun forced =
        CliRun.floe(
            "pin",
            "demo.events",
            "-w",
            warehouse,
            "--tag",
            "t2",
            "--out",
            lock.toString(),
            "--force");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(Files.readString(lock)).contains("t2");
  }

  @Test
  void aFolderAtTheOutPathIsNotReplaced() throws Exception {
    String warehouse = dir.resolve("wh").toString();
    CliRun.floe("demo", "-w", warehouse, "--producers", "1", "--batches", "1", "--rows", "50");
    Path folder = Files.createDirectory(dir.resolve("locks"));

    CliRun run =
        CliRun.floe("pin", "demo.events", "-w", warehouse, "--out", folder.toString(), "--force");

    assertThat(run.exitCode()).isOne();
    assertThat(run.err()).contains("it exists and is not a regular file");
    assertThat(folder).isDirectory();
  }

  @Test
  void aSnapshotOutsideTheRefsHistoryIsRefusedInOneLine() throws Exception {
    Path warehouse = dir.resolve("wh");
    CliRun.floe(
        "demo", "-w", warehouse.toString(), "--producers", "1", "--batches", "2", "--rows", "50");
    long head;
    long first;
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = floe.catalog().loadTable(TableIdentifier.parse("demo.events"));
      head = table.currentSnapshot().snapshotId();
      Snapshot oldest = SnapshotUtil.oldestAncestor(table);
      first = oldest.snapshotId();
      table.manageSnapshots().createBranch("exp", first).commit();
    }
    Path lock = dir.resolve("exp.floe.lock.json");

    CliRun refused =
        CliRun.floe(
            "pin",
            "demo.events@exp",
            "--snapshot",
            Long.toString(head),
            "-w",
            warehouse.toString(),
            "--out",
            lock.toString());

    assertThat(refused.exitCode()).isOne();
    assertThat(refused.err().lines().findFirst().orElseThrow())
        .contains("not in the history of exp")
        .contains("pin demo.events@main --snapshot " + head);
    assertThat(lock).doesNotExist();
    CliRun pinned =
        CliRun.floe(
            "pin",
            "demo.events@exp",
            "--snapshot",
            Long.toString(first),
            "-w",
            warehouse.toString(),
            "--out",
            lock.toString());
    assertThat(pinned.exitCode()).as(pinned.err()).isZero();
    assertThat(Files.readString(lock)).contains("\"ref\" : \"exp\"");
  }
}
