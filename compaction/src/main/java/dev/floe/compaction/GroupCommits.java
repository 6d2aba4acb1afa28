package dev.floe.compaction;

import dev.floe.catalog.internal.CarriedLedger;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Commits batches of rewritten groups, each batch in one snapshot, and tallies what landed.
 * Rewrites run in parallel; commits are serialised here, as Iceberg's own rewrite actions do, so
 * they never race each other. A batch replaces its groups' files and removes the delete files that
 * no live data file needs any more once those groups' deletes are applied.
 */
final class GroupCommits {
  private final Table table;
  private final String branch;
  private final Snapshot start;
  private final String runId;
  private final DeleteScopes deletes;
  private final Runnable beforeCommit;
  private final Object lock = new Object();
  private final List<CompactionResult.GroupFailure> failures = new ArrayList<>();
  private final Set<String> rewritten = new HashSet<>();
  private int committedGroups;
  private int notCommitted;
  private int rewrittenFiles;
  private int addedFiles;
  private long rewrittenBytes;
  private long addedBytes;
  private int removedDeleteFiles;
  private long removedRows;

  GroupCommits(
      Table table,
      String branch,
      Snapshot start,
      String runId,
      DeleteScopes deletes,
      Runnable beforeCommit) {
    this.table = table;
    this.branch = branch;
    this.start = start;
    this.runId = runId;
    this.deletes = deletes;
    this.beforeCommit = beforeCommit;
  }

  /**
   * Commits {@code batch} in one snapshot; false (and recorded failures) if it did not land. The
   * new files of a failed commit are deleted, unless its outcome is unknown: then they may be live.
   */
  boolean commit(List<Rewritten> batch, GroupRewriter rewriter) {
    List<DataFile> removed = new ArrayList<>();
    List<DataFile> added = new ArrayList<>();
    batch.forEach(
        r -> {
          removed.addAll(r.group().files());
          added.addAll(r.files());
        });
    try {
      synchronized (lock) {
        beforeCommit.run();
        Set<String> after = new HashSet<>(rewritten);
        removed.forEach(file -> after.add(file.location()));
        List<DeleteFile> released = deletes.releasableBy(after);
        replace(
            table,
            branch,
            start,
            removed,
            added,
            released,
            CompactionProperties.RUN_ID_SUMMARY,
            runId);
        deletes.markReleased(released);
        rewritten.addAll(after);
        removedDeleteFiles += released.size();
        for (Rewritten r : batch) {
          committedGroups++;
          rewrittenFiles += r.group().files().size();
          addedFiles += r.files().size();
          rewrittenBytes += r.group().bytes();
          addedBytes += r.files().stream().mapToLong(DataFile::fileSizeInBytes).sum();
          removedRows += r.removedRows();
        }
      }
      return true;
    } catch (CommitStateUnknownException e) {
      // Orphan removal collects the files later if the commit did not land after all.
      blame(batch, e);
      return false;
    } catch (RuntimeException e) {
      rewriter.deleteQuietly(added);
      blame(batch, e);
      return false;
    }
  }

  /**
   * Replaces {@code removed} with {@code added} on {@code branch} in one snapshot whose summary has
   * {@code key=value}, and drops {@code releasedDeletes}. Conflicts are checked against everything
   * committed since {@code start}, the plan's snapshot: a removed file that is gone, or that a new
   * delete file applies to, fails the commit. The writers' exactly-once ledger of the branch head
   * is carried over.
   */
  static void replace(
      Table table,
      String branch,
      Snapshot start,
      List<DataFile> removed,
      List<DataFile> added,
      List<DeleteFile> releasedDeletes,
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
          removed.forEach(rewrite::deleteFile);
          releasedDeletes.forEach(rewrite::deleteFile);
          added.forEach(rewrite::addFile);
          return rewrite;
        });
  }

  /**
   * Records why a batch did not commit. A group with a file that changed on the branch since the
   * plan (deleted, rewritten, or given new position deletes by a concurrent commit) is the one that
   * failed, the rest of the batch waits for a re-run; when no group can be singled out, every group
   * of the batch failed.
   */
  private void blame(List<Rewritten> batch, RuntimeException e) {
    List<Rewritten> culprits = batch.size() == 1 ? batch : changedSincePlan(batch);
    synchronized (lock) {
      for (Rewritten r : culprits.isEmpty() ? batch : culprits) {
        failures.add(CompactionResult.GroupFailure.of(r.group(), e));
      }
      notCommitted += culprits.isEmpty() ? 0 : batch.size() - culprits.size();
    }
  }

  private List<Rewritten> changedSincePlan(List<Rewritten> batch) {
    // By data file: the position deletes (and deletion vectors) that apply to it now.
    Map<String, Set<String>> live = new HashMap<>();
    try {
      table.refresh();
      try (CloseableIterable<FileScanTask> tasks = table.newScan().useRef(branch).planFiles()) {
        tasks.forEach(task -> live.put(task.file().location(), positionDeletes(task)));
      }
    } catch (IOException | RuntimeException e) {
      return List.of(); // cannot tell: every group of the batch is reported
    }
    return batch.stream().filter(r -> changed(r.group(), live)).toList();
  }

  private static boolean changed(FileGroup group, Map<String, Set<String>> live) {
    for (DataFile file : group.files()) {
      Set<String> now = live.get(file.location());
      FileScanTask planned = group.deletesOf(file);
      if (now == null || !now.equals(planned == null ? Set.of() : positionDeletes(planned))) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> positionDeletes(FileScanTask task) {
    Set<String> deletes = new HashSet<>();
    for (DeleteFile delete : task.deletes()) {
      if (delete.content() == FileContent.POSITION_DELETES) {
        deletes.add(delete.location());
      }
    }
    return deletes;
  }

  void fail(FileGroup group, RuntimeException e) {
    synchronized (lock) {
      failures.add(CompactionResult.GroupFailure.of(group, e));
    }
  }

  CompactionResult result(int skippedGroups, Duration elapsed) {
    synchronized (lock) {
      RunSnapshots run = committedGroups == 0 ? RunSnapshots.NONE : runSnapshots();
      return new CompactionResult(
          rewrittenFiles,
          addedFiles,
          rewrittenBytes,
          addedBytes,
          committedGroups,
          run.commits,
          run.manifests,
          removedDeleteFiles,
          removedRows,
          run.newest,
          failures,
          skippedGroups + notCommitted,
          elapsed);
    }
  }

  private record RunSnapshots(Long newest, int commits, int manifests) {
    static final RunSnapshots NONE = new RunSnapshots(null, 0, 0);
  }

  /** Found by run id, not as the branch head: another writer may already have committed on top. */
  private RunSnapshots runSnapshots() {
    table.refresh();
    Long newest = null;
    int commits = 0;
    int manifests = 0;
    for (Snapshot snapshot :
        SnapshotUtil.ancestorsOf(table.snapshot(branch).snapshotId(), table::snapshot)) {
      if (snapshot.snapshotId() == start.snapshotId()) {
        break;
      }
      if (runId.equals(snapshot.summary().get(CompactionProperties.RUN_ID_SUMMARY))) {
        newest = newest == null ? snapshot.snapshotId() : newest;
        commits++;
        manifests +=
            PropertyUtil.propertyAsInt(
                snapshot.summary(), SnapshotSummary.CREATED_MANIFESTS_COUNT, 0);
      }
    }
    if (newest == null) {
      throw new IllegalStateException(
          String.format(
              "Compaction run %s committed, but %s@%s no longer has its snapshots",
              runId, table.name(), branch));
    }
    return new RunSnapshots(newest, commits, manifests);
  }
}
