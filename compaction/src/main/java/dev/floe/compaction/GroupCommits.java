package dev.floe.compaction;

import dev.floe.catalog.internal.CarriedLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Commits rewritten groups one at a time and tallies what landed. Rewrites run in parallel; commits
 * are serialised here, as Iceberg's own rewrite actions do, so they never race each other.
 */
final class GroupCommits {
  private final Table table;
  private final String branch;
  private final Snapshot start;
  private final String runId;
  private final Runnable beforeCommit;
  private final Object lock = new Object();
  private final List<CompactionResult.GroupFailure> failures = new ArrayList<>();
  private int committed;
  private int rewrittenFiles;
  private int addedFiles;
  private long rewrittenBytes;
  private long addedBytes;

  GroupCommits(Table table, String branch, Snapshot start, String runId, Runnable beforeCommit) {
    this.table = table;
    this.branch = branch;
    this.start = start;
    this.runId = runId;
    this.beforeCommit = beforeCommit;
  }

  /**
   * Commits one rewritten group; false (and a recorded failure) if it did not land. The new files
   * of a failed commit are deleted, unless its outcome is unknown: then they may be live.
   */
  boolean commit(FileGroup group, List<DataFile> added, GroupRewriter rewriter) {
    try {
      synchronized (lock) {
        beforeCommit.run();
        replace(table, branch, start, group, added, CompactionProperties.RUN_ID_SUMMARY, runId);
        committed++;
        rewrittenFiles += group.files().size();
        addedFiles += added.size();
        rewrittenBytes += group.bytes();
        addedBytes += added.stream().mapToLong(DataFile::fileSizeInBytes).sum();
      }
      return true;
    } catch (CommitStateUnknownException e) {
      // Orphan removal collects the files later if the commit did not land after all.
      fail(group, e);
      return false;
    } catch (RuntimeException e) {
      rewriter.deleteQuietly(added);
      fail(group, e);
      return false;
    }
  }

  /**
   * Replaces {@code group}'s files with {@code added} on {@code branch} in one snapshot whose
   * summary has {@code key=value}. Conflicts are checked against everything committed since {@code
   * start}, the plan's snapshot; the writers' exactly-once ledger of the branch head is carried
   * over.
   */
  static void replace(
      Table table,
      String branch,
      Snapshot start,
      FileGroup group,
      List<DataFile> added,
      String key,
      String value) {
    CarriedLedger.commit(
        table,
        branch,
        txn -> {
          RewriteFiles rewrite =
              txn.newRewrite()
                  .toBranch(branch)
                  .validateFromSnapshot(start.snapshotId())
                  // Equality deletes committed after the scan must still apply to the new rows.
                  .dataSequenceNumber(start.sequenceNumber())
                  .set(key, value);
          group.files().forEach(rewrite::deleteFile);
          added.forEach(rewrite::addFile);
          return rewrite;
        });
  }

  void fail(FileGroup group, RuntimeException e) {
    synchronized (lock) {
      failures.add(CompactionResult.GroupFailure.of(group, e));
    }
  }

  int committed() {
    synchronized (lock) {
      return committed;
    }
  }

  List<CompactionResult.GroupFailure> failures() {
    synchronized (lock) {
      return List.copyOf(failures);
    }
  }

  CompactionResult result(int skippedGroups, Duration elapsed) {
    synchronized (lock) {
      return new CompactionResult(
          rewrittenFiles,
          addedFiles,
          rewrittenBytes,
          addedBytes,
          committed,
          committed == 0 ? null : newestSnapshotOfRun(),
          failures,
          skippedGroups,
          elapsed);
    }
  }

  /** Found by run id, not as the branch head: another writer may already have committed on top. */
  private long newestSnapshotOfRun() {
    table.refresh();
    for (Snapshot snapshot :
        SnapshotUtil.ancestorsOf(table.snapshot(branch).snapshotId(), table::snapshot)) {
      if (runId.equals(snapshot.summary().get(CompactionProperties.RUN_ID_SUMMARY))) {
        return snapshot.snapshotId();
      }
      if (snapshot.snapshotId() == start.snapshotId()) {
        break;
      }
    }
    throw new IllegalStateException(
        String.format(
            "Compaction run %s committed, but %s@%s no longer has its snapshots",
            runId, table.name(), branch));
  }
}
