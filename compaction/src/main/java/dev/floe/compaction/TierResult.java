package dev.floe.compaction;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a tiering run moved: hot files rewritten and cold files written, per committed group; {@code
 * snapshotId} is the newest snapshot the run committed (null if none); {@code after} is the
 * branch's tier report once the run finished.
 */
public record TierResult(
    int movedFiles,
    long movedBytes,
    int coldFilesWritten,
    long coldBytesWritten,
    Long snapshotId,
    List<CompactionResult.GroupFailure> failures,
    TierReport after,
    Duration elapsed) {
  public TierResult {
    failures = List.copyOf(failures);
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
