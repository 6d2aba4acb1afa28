package dev.floe.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * Totals of one {@link TableWriter} since it was built: rows, bytes and files it committed, commits
 * (snapshots) it made, commit attempts it retried, batches it skipped as already committed, rows it
 * sent to the dead-letter destination, and the median and 99th percentile of the time from {@code
 * append} until the batch was committed, over the most recent 4096 batches.
 */
public record WriterMetrics(
    long rows,
    long bytes,
    long files,
    long commits,
    long retries,
    long duplicates,
    long deadLettered,
    Duration commitLatencyP50,
    Duration commitLatencyP99) {
  public WriterMetrics {
    Objects.requireNonNull(commitLatencyP50, "commitLatencyP50");
    Objects.requireNonNull(commitLatencyP99, "commitLatencyP99");
  }
}
