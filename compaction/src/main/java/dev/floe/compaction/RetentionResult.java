package dev.floe.compaction;

import java.time.Duration;
import java.util.Objects;

/**
 * What an expiry did. {@code deletedDataFiles} counts data and delete files no retained snapshot
 * uses; {@code deletedManifestFiles} manifests and manifest lists; {@code keptPinnedSnapshots}
 * distinct snapshots older than the cutoff that a tag (a Floe pin) references: expiry keeps every
 * one of them or refuses to run. What stays although no branch head uses it (counted only when
 * something expired): {@code keptHistoryFiles} files that only retained older snapshots use (inside
 * the age window or the newest kept per branch; freed when those expire), {@code keptPinnedFiles}
 * files that pinned snapshots use (freed once the pin's tag is removed and they expire).
 */
public record RetentionResult(
    int expiredSnapshots,
    int deletedDataFiles,
    int deletedManifestFiles,
    int keptPinnedSnapshots,
    int keptHistoryFiles,
    int keptPinnedFiles,
    Duration elapsed) {
  public RetentionResult {
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
