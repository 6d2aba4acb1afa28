package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.testing.NessieServerExtension;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.TrainingLock;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.iceberg.PartitionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** floe pin / verify / rehydrate / read over a Nessie branch and commit hashes. */
class NessieLockCommandTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @TempDir Path dir;

  @Test
  void lockOnABranchRehydratesThePinnedCommitAfterMergeAndDrop() throws Exception {
    String table = nessie.uniqueName("cli") + ".events";
    String exp = nessie.uniqueName("exp");
    FloeConfig config = FloeConfig.nessie(nessie.uri(), dir.resolve("wh").toString());
    try (Floe floe = Floe.open(config)) {
      branchOff(floe, table, exp);
    }
    Path lockFile = dir.resolve("lock.json");

    CliRun pin = floe("pin", table + "@" + exp, "--out", lockFile.toString());
    assertThat(pin.exitCode()).as(pin.err()).isZero();
    assertThat(pin.out()).contains("Pinned " + table + "@" + exp).contains("Nessie commit");
    TrainingLock lock = LockFile.read(lockFile).locks().get(0);
    String hash = lock.nessieHash();

    try (Floe floe = Floe.open(config)) {
      append(floe, table + "@" + exp, 5);
      floe.experiments().merge(exp);
      floe.experiments().drop(exp);
    }

    CliRun verify = floe("verify", lockFile.toString());
    assertThat(verify.exitCode()).as(verify.out()).isZero();
    assertThat(verify.out()).startsWith("OK: " + table + "@" + exp);
    CliRun rehydrate = floe("rehydrate", lockFile.toString());
    assertThat(rehydrate.exitCode()).as(rehydrate.err()).isZero();
    assertThat(rehydrate.out()).contains(": 4 rows");

    // The branch is gone: its commits are found by full hash only (a prefix is looked up on a log).
    CliRun atHash = floe("read", table + "#" + hash, "--columns", "id");
    assertThat(atHash.exitCode()).as(atHash.err()).isZero();
    assertThat(atHash.out().lines().skip(1).sorted()).containsExactly("1", "2", "3", "4");
    CliRun unknown = floe("read", table + "#" + "ab".repeat(32));
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.err()).contains("No Nessie commit '" + "ab".repeat(32) + "'");
  }

  @Test
  void aSnapshotOfAnotherNessieBranchIsNotPinnedFromThisOne() throws Exception {
    String table = nessie.uniqueName("cli") + ".events";
    String exp = nessie.uniqueName("exp");
    long onMain;
    try (Floe floe = Floe.open(FloeConfig.nessie(nessie.uri(), dir.resolve("wh").toString()))) {
      branchOff(floe, table, exp);
      append(floe, table, 9);
      onMain = floe.tables().resolve(table).table().currentSnapshot().snapshotId();
    }
    Path lockFile = dir.resolve("lock.json");

    CliRun pin =
        floe(
            "pin",
            table + "@" + exp,
            "--snapshot",
            Long.toString(onMain),
            "--out",
            lockFile.toString());

    assertThat(pin.exitCode()).isOne();
    assertThat(pin.err().lines().findFirst().orElseThrow()).contains(Long.toString(onMain));
    assertThat(lockFile).doesNotExist();
    CliRun onItsBranch =
        floe("pin", table, "--snapshot", Long.toString(onMain), "--out", lockFile.toString());
    assertThat(onItsBranch.exitCode()).as(onItsBranch.err()).isZero();
    assertThat(LockFile.read(lockFile).locks().get(0).snapshotId()).isEqualTo(onMain);
  }

  /** {@code table} with ids 1 and 2 on main, then Nessie branch {@code exp} with 3 and 4. */
  private static void branchOff(Floe floe, String table, String exp) {
    BranchCommandTest.append(
        floe.tables()
            .createIfAbsent(table, BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned()),
        "main",
        1,
        2);
    floe.experiments().create(exp).commit();
    append(floe, table + "@" + exp, 3, 4);
  }

  private static void append(Floe floe, String tableAtRef, long... ids) {
    ResolvedTable resolved = floe.tables().resolve(tableAtRef);
    BranchCommandTest.append(resolved.table(), resolved.ref(), ids);
  }

  private CliRun floe(String... args) {
    String[] mode = {
      "-w", dir.resolve("wh").toString(), "--catalog-mode", "nessie", "--nessie-uri", nessie.uri()
    };
    String[] all = Arrays.copyOf(args, args.length + mode.length);
    System.arraycopy(mode, 0, all, args.length, mode.length);
    return CliRun.floe(all);
  }
}
