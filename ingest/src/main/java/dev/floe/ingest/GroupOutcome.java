package dev.floe.ingest;

import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.exceptions.CommitStateUnknownException;

/** What one group commit did; {@code unknown} batches failed with {@code cause}. */
record GroupOutcome(
    Snapshot snapshot,
    List<PendingBatch> committed,
    Map<PendingBatch, Snapshot> duplicates,
    List<PendingBatch> unknown,
    CommitStateUnknownException cause,
    int files) {}
