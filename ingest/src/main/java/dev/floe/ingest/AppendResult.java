package dev.floe.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * What one {@link TableWriter#append} did. For a duplicate batch nothing was written: {@code
 * snapshotId} is the snapshot that committed the batch earlier, and rows, files and bytes are 0.
 *
 * <p>The snapshot is on the writer's branch. On an audit branch ({@link Audit}) the batch is
 * staged, not published: it reaches {@code main} only when the audit of that snapshot passes. With
 * group commit the audit judges the snapshot, so a blocking failure keeps every batch of it
 * quarantined on the audit branch together, none lost ({@link Audited#batches()} lists them).
 *
 * @param snapshotId the snapshot holding the batch; null only for an empty first commit that cannot
 *     be found again (never in practice); for a duplicate whose committing snapshot has expired,
 *     the branch head (which holds it)
 * @param elapsed from the call to append until the batch was committed (or found a duplicate)
 * @param deadLettered rows of the batch sent to the writer's dead-letter destination, not committed
 */
public record AppendResult(
    String producerId,
    long sequence,
    Long snapshotId,
    long rows,
    int files,
    long bytes,
    boolean duplicate,
    boolean schemaEvolved,
    Duration elapsed,
    long deadLettered) {
  public AppendResult {
    Objects.requireNonNull(producerId, "producerId");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
