package dev.floe.cli;

import dev.floe.compaction.Compaction;
import dev.floe.compaction.CompactionResult;
import dev.floe.compaction.RetentionResult;
import dev.floe.timetravel.ArrowBatches;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import dev.floe.timetravel.VerifyResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.SnapshotRef;

/** Steps 7-10 of the demo: compact, expire, pin, rehydrate. */
final class DemoMaintenance {
  private final DemoRun demo;
  private final DemoReport report;

  DemoMaintenance(DemoRun demo) {
    this.demo = demo;
    this.report = demo.report;
  }

  void compact() {
    report.step("Compact small files on main");
    long rowsBefore = demo.rows(SnapshotRef.MAIN_BRANCH);
    long filesBefore = Summaries.total(demo.table.currentSnapshot(), "total-data-files");
    CompactionResult r = Compaction.binPack(demo.table).targetFileSizeBytes(128L << 20).commit();
    demo.table.refresh();
    long filesAfter = Summaries.total(demo.table.currentSnapshot(), "total-data-files");
    report.line(
        "rewrote %s files (%s) into %s (%s) in %d partition groups; data files %s -> %s",
        Format.count(r.rewrittenFiles()),
        Format.bytes(r.rewrittenBytes()),
        Format.count(r.addedFiles()),
        Format.bytes(r.addedBytes()),
        r.groups(),
        Format.count(filesBefore),
        Format.count(filesAfter));
    report.check(demo.rows(SnapshotRef.MAIN_BRANCH) == rowsBefore, "same rows before and after");
    report.check(r.rewrittenFiles() == 0 || filesAfter < filesBefore, "fewer, larger files");
    report.done();
  }

  void expire() {
    boolean nessie = demo.floe.tables().nessieMode();
    report.step(
        nessie
            ? "Snapshot expiry: not in nessie mode (reachability collection instead); pins stay"
            : "Expire old snapshots; pinned (tagged) snapshots stay");
    long rowsBefore = demo.rows(SnapshotRef.MAIN_BRANCH);
    List<String> tagsBefore = tags();
    if (nessie) {
      collect();
    } else {
      RetentionResult r =
          Compaction.expireSnapshots(demo.table)
              .maxSnapshotAge(Duration.ZERO)
              .minSnapshotsToKeep(3)
              .commit();
      report.line(
          "expired %d snapshots, deleted %d data files and %d manifests; kept %d pinned snapshots",
          r.expiredSnapshots(),
          r.deletedDataFiles(),
          r.deletedManifestFiles(),
          r.keptPinnedSnapshots());
      if (r.deletedDataFiles() == 0) {
        report.line(
            "files replaced by compaction stay while an experiment branch or tag reads them");
      }
    }
    demo.table.refresh();
    report.check(
        demo.rows(SnapshotRef.MAIN_BRANCH) == rowsBefore, "main still reads the same rows");
    report.check(
        tags().containsAll(tagsBefore),
        "every tag of earlier runs survived (" + tagsBefore.size() + ")");
    for (Path lockFile : earlierLocks()) {
      VerifyResult v = TimeTravel.verify(demo.floe, TrainingLock.read(lockFile));
      report.check(
          v.ok(),
          "earlier lock "
              + lockFile.getFileName()
              + " still verifies"
              + (v.ok() ? "" : ": " + v.problems()));
    }
    report.done();
  }

  TrainingLock pin() {
    report.step("Pin the training snapshot into a lock file");
    Path lockFile = locksDir().resolve("run-" + demo.run + ".floe.lock.json");
    TrainingLock lock =
        TimeTravel.pin(demo.floe, DemoRun.TABLE).tag("train-run-" + demo.run).writeTo(lockFile);
    report.line(
        "snapshot %d tagged %s: %s files, %s rows",
        lock.snapshotId(), lock.tag(), Format.count(lock.dataFiles()), PinCommand.rows(lock));
    report.line(
        "fingerprint %s, content digest %s",
        abbreviate(lock.fingerprint()), abbreviate(lock.contentDigest()));
    report.line("lock file %s", lockFile);
    report.check(TrainingLock.read(lockFile).equals(lock), "lock file reads back identically");
    report.done();
    return lock;
  }

  void rehydrate(TrainingLock pinned) {
    report.step("Rehydrate the pinned snapshot from its lock file, with verification");
    Path lockFile = locksDir().resolve("run-" + demo.run + ".floe.lock.json");
    TrainingLock lock = TrainingLock.read(lockFile);
    VerifyResult verified = TimeTravel.verify(demo.floe, lock);
    report.check(
        verified.ok(),
        "lock verifies: snapshot, schema, file list and file sizes"
            + (verified.ok() ? "" : " " + verified.problems()));
    long rows = 0;
    int batches = 0;
    String digest;
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBatches arrow = TimeTravel.rehydrate(demo.floe, lock).arrow(allocator)) {
      for (VectorSchemaRoot root : arrow) {
        rows += root.getRowCount();
        batches++;
      }
      digest = arrow.contentDigest();
    }
    report.line(
        "%s rows in %d Arrow batches, columns %s",
        Format.count(rows), batches, pinned.columns().isEmpty() ? "all" : pinned.columns());
    report.check(
        lock.rows() != null && rows == lock.rows(),
        "row count matches the lock (" + PinCommand.rows(lock) + ")");
    report.check(
        digest.equals(lock.contentDigest()), "content digest matches: bit-for-bit the pinned data");
    report.done();
  }

  /**
   * Nessie mode: snapshot expiry does not apply (tables have gc.enabled=false, since branches and
   * tags share files, and Nessie keeps the history); files are freed by reachability instead. The
   * demo does not run that collection: it reads every recent commit of every reference, which on a
   * shared Nessie server is far more than this table.
   */
  private void collect() {
    report.line(
        "snapshot expiry does not apply in nessie mode: Nessie keeps the history and branches and"
            + " tags share files (gc.enabled=false)");
    report.line(
        "files no Nessie branch or tag reaches are collected by reachability: floe orphans %s"
            + " (a dry run; --delete removes them)",
        DemoRun.TABLE);
  }

  private List<String> tags() {
    if (demo.floe.tables().nessieMode()) {
      return demo.floe.tables().refs(DemoRun.TABLE).stream()
          .filter(demo.floe.tables()::isNessieTag)
          .toList();
    }
    return demo.table.refs().entrySet().stream()
        .filter(e -> e.getValue().isTag())
        .map(e -> e.getKey())
        .sorted()
        .toList();
  }

  private List<Path> earlierLocks() {
    Path dir = locksDir();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".floe.lock.json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path locksDir() {
    Path local = demo.floe.config().localWarehouse();
    return (local != null ? local : Path.of(".")).resolve("locks");
  }

  private static String abbreviate(String hex) {
    return hex == null ? "(none)" : hex.substring(0, 16) + "…";
  }
}
