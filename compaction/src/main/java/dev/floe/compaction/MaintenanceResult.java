package dev.floe.compaction;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one maintenance run did, step by step; {@code manifests} and {@code tiering} are null when
 * the policy skipped them, {@code retention} when nessie mode skipped expiry. {@code orphans} lists
 * the orphans found (deleted unless a dry run).
 */
public record MaintenanceResult(
    CompactionResult compaction,
    ManifestRewrite.Result manifests,
    TierResult tiering,
    RetentionResult retention,
    List<OrphanFile> orphans,
    boolean orphansDeleted,
    Duration elapsed) {
  public MaintenanceResult {
    Objects.requireNonNull(compaction, "compaction");
    orphans = List.copyOf(orphans);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** True when every step finished: no compaction or tiering group failed or was left over. */
  public boolean complete() {
    return compaction.complete() && (tiering == null || tiering.failures().isEmpty());
  }
}
