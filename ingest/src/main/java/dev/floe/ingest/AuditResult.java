package dev.floe.ingest;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Audit#publish} did with an {@link Audited} branch.
 *
 * @param published the target's head after the publish (the audited snapshot itself after a fast
 *     forward or a Nessie merge, the last replayed snapshot after a replay); null when nothing was
 *     published
 * @param replayed the snapshots a replay added to the target, oldest first; empty otherwise
 */
public record AuditResult(Audited audited, Outcome outcome, Long published, List<Long> replayed) {
  public AuditResult {
    Objects.requireNonNull(audited, "audited");
    Objects.requireNonNull(outcome, "outcome");
    replayed = List.copyOf(replayed);
  }

  /** Whether the audited data is on the target now (published by this call or before). */
  public boolean isPublished() {
    return outcome != Outcome.QUARANTINED && outcome != Outcome.NOTHING_STAGED;
  }

  public enum Outcome {
    /** The target did not move: it now points at the audited snapshot id. */
    FAST_FORWARD,
    /** Nessie: the branch merged into the target from the audited commit, atomically. */
    MERGED,
    /** The target moved: the audited appends were replayed onto it, in order. */
    REPLAYED,
    /** A blocking rule failed: nothing published, the data stays on the audit branch. */
    QUARANTINED,
    /** The target holds the audited data already (an earlier publish). */
    ALREADY_PUBLISHED,
    /** The branch holds nothing the target lacks. */
    NOTHING_STAGED
  }
}
