package dev.floe.compaction;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a compaction run did. The counts cover the groups that committed: {@code groups} file groups
 * in {@code commits} snapshots (one by default; more with partial progress), which wrote {@code
 * manifestsWritten} manifests in all. {@code removedDeleteFiles} delete files were applied and
 * dropped from the table (no live data file needed them any more), and {@code removedRows} rows
 * were deleted rows that the rewrite left out. {@code snapshotId} is the newest snapshot the run
 * committed, or null when none did. {@code failures} lists the groups that failed, {@code
 * skippedGroups} the planned groups left for a later run (beyond the byte budget, or not committed
 * after a failure): a re-run picks them up.
 */
public record CompactionResult(
    int rewrittenFiles,
    int addedFiles,
    long rewrittenBytes,
    long addedBytes,
    int groups,
    int commits,
    int manifestsWritten,
    int removedDeleteFiles,
    long removedRows,
    Long snapshotId,
    List<GroupFailure> failures,
    int skippedGroups,
    Duration elapsed) {
  public CompactionResult {
    failures = List.copyOf(failures);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  static CompactionResult nothingToDo(int skippedGroups, Duration elapsed) {
    return new CompactionResult(0, 0, 0, 0, 0, 0, 0, 0, 0, null, List.of(), skippedGroups, elapsed);
  }

  static CompactionResult nothingToDo(Duration elapsed) {
    return nothingToDo(0, elapsed);
  }

  public boolean changed() {
    return snapshotId != null;
  }

  /** True when every planned group committed: nothing failed and nothing waits for a re-run. */
  public boolean complete() {
    return failures.isEmpty() && skippedGroups == 0;
  }

  /** A group that did not commit: its partition, how many files it had, and why. */
  public record GroupFailure(String partition, int files, RuntimeException cause) {
    public GroupFailure {
      Objects.requireNonNull(partition, "partition");
      Objects.requireNonNull(cause, "cause");
    }

    static GroupFailure of(FileGroup group, RuntimeException cause) {
      return new GroupFailure(
          group.spec().partitionToPath(group.partition()), group.files().size(), cause);
    }
  }
}
