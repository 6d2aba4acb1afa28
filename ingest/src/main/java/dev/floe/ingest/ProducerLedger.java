package dev.floe.ingest;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * What one producer has committed on one branch, read from snapshot summaries. It remembers the
 * newest branch head whose whole ancestry it has read and the highest sequence seen there, so a
 * batch newer than that only needs the snapshots above the remembered head. Thread-safe.
 */
final class ProducerLedger {
  private final String producerId;
  private final String branch;
  private Long scannedHead;
  private long lastSequence = -1;

  ProducerLedger(String producerId, String branch) {
    this.producerId = producerId;
    this.branch = branch;
  }

  synchronized long lastSequence() {
    return lastSequence;
  }

  /** Reads the branch history of {@code table} as it is loaded now. */
  void scan(Table table) {
    find(table, -1);
  }

  /** The snapshot on the branch of {@code table} that committed {@code sequence}, or null. */
  Snapshot find(Table table, long sequence) {
    Snapshot head = SnapshotUtil.latestSnapshot(table, branch);
    if (head == null) {
      return null;
    }
    return find(SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot), sequence);
  }

  /**
   * Walks {@code ancestors} (newest first) for the snapshot that committed {@code sequence}; a
   * negative sequence matches nothing and just refreshes what the ledger knows.
   */
  synchronized Snapshot find(Iterable<Snapshot> ancestors, long sequence) {
    Long head = null;
    long highest = -1;
    boolean shortcut = scannedHead != null && (sequence < 0 || sequence > lastSequence);
    for (Snapshot snapshot : ancestors) {
      if (head == null) {
        head = snapshot.snapshotId();
      }
      if (shortcut && snapshot.snapshotId() == scannedHead) {
        break; // everything below was read before and holds no sequence above lastSequence
      }
      long committed = sequenceOf(snapshot);
      highest = Math.max(highest, committed);
      if (sequence >= 0 && committed == sequence) {
        lastSequence = Math.max(lastSequence, highest);
        return snapshot;
      }
    }
    if (head != null) {
      scannedHead = head;
    }
    lastSequence = Math.max(lastSequence, highest);
    return null;
  }

  /**
   * Fails a commit whose parent history already holds {@code sequence}: checked by Iceberg on every
   * commit attempt against the latest branch head, so two writers can never both land it.
   */
  NotCommitted notCommitted(long sequence) {
    return new NotCommitted(sequence);
  }

  private long sequenceOf(Snapshot snapshot) {
    var summary = snapshot.summary();
    if (summary == null || !producerId.equals(summary.get(IngestProperties.PRODUCER_ID))) {
      return -1;
    }
    String value = summary.get(IngestProperties.BATCH_SEQUENCE);
    try {
      return value == null ? -1 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return -1; // not written by Floe: cannot be one of our batches
    }
  }

  final class NotCommitted implements SnapshotAncestryValidator {
    private final long sequence;
    private volatile Snapshot found;

    private NotCommitted(long sequence) {
      this.sequence = sequence;
    }

    @Override
    public boolean validate(Iterable<Snapshot> ancestors) {
      found = find(ancestors, sequence);
      return found == null;
    }

    /** The snapshot that made the last validation fail, or null. */
    Snapshot found() {
      return found;
    }

    @Override
    public String errorMessage() {
      Snapshot snapshot = found;
      return String.format(
          "batch %s of producer %s is already committed on branch %s in snapshot %s",
          sequence, producerId, branch, snapshot == null ? "?" : snapshot.snapshotId());
    }
  }
}
