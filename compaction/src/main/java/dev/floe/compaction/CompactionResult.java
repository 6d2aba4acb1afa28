package dev.floe.compaction;

import java.time.Duration;
import java.util.Objects;

/**
 * What a bin-pack run did. {@code snapshotId} is the snapshot the rewrite committed, or null when
 * nothing was worth rewriting (then every count is zero).
 */
public record CompactionResult(
    int rewrittenFiles,
    int addedFiles,
    long rewrittenBytes,
    long addedBytes,
    int groups,
    Long snapshotId,
    Duration elapsed) {
  public CompactionResult {
    Objects.requireNonNull(elapsed, "elapsed");
  }

  static CompactionResult nothingToDo(Duration elapsed) {
    return new CompactionResult(0, 0, 0, 0, 0, null, elapsed);
  }

  public boolean changed() {
    return snapshotId != null;
  }
}
