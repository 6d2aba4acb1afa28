package dev.floe.ingest;

/**
 * Totals of one {@link TableWriter} since it was built: rows, bytes and files it committed, commits
 * it made, commit attempts it retried, and batches it skipped as already committed.
 */
public record WriterMetrics(
    long rows, long bytes, long files, long commits, long retries, long duplicates) {}
