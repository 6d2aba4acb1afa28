package dev.floe.compaction;

import java.time.Duration;
import java.util.Objects;

/**
 * What an expiry did. {@code deletedManifestFiles} counts manifests and manifest lists; {@code
 * keptPinnedSnapshots} counts distinct snapshots older than the cutoff that a tag (a Floe pin)
 * references: expiry keeps every one of them or refuses to run.
 */
public record RetentionResult(
    int expiredSnapshots,
    int deletedDataFiles,
    int deletedManifestFiles,
    int keptPinnedSnapshots,
    Duration elapsed) {
  public RetentionResult {
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
