package dev.floe.ingest;

import dev.floe.ingest.LedgerFile.Entry;
import dev.floe.ingest.LedgerFile.Ledger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;

/** What an audit branch staged: snapshots the target lacks, their batches, the audit's guard. */
final class AuditHistory {
  private AuditHistory() {}

  /** Snapshots from {@code head} back to (not including) the first that {@code target} has. */
  static List<Snapshot> staged(Table source, long head, Table target, Snapshot targetHead) {
    Set<Long> onTarget = ids(target, targetHead);
    List<Snapshot> staged = new ArrayList<>();
    for (Snapshot s = source.snapshot(head);
        s != null && !onTarget.contains(s.snapshotId());
        s = s.parentId() == null ? null : source.snapshot(s.parentId())) {
      staged.add(0, s);
    }
    return staged;
  }

  /**
   * Whether {@code s} added or removed files. Iceberg sets the added/removed counts only when not
   * zero: a summary with totals and none of them changed nothing; one without totals may have.
   */
  static boolean changesData(Snapshot s) {
    Map<String, String> summary = s.summary();
    if (summary == null || !summary.containsKey(SnapshotSummary.TOTAL_DATA_FILES_PROP)) {
      return true;
    }
    return Stream.of(
            SnapshotSummary.ADDED_FILES_PROP,
            SnapshotSummary.DELETED_FILES_PROP,
            SnapshotSummary.ADDED_DELETE_FILES_PROP,
            SnapshotSummary.REMOVED_DELETE_FILES_PROP)
        .anyMatch(summary::containsKey);
  }

  /**
   * Throws {@link ValidationException} when one of {@code landing} changed data but is not among
   * the snapshots {@code audited} checked (the target moved back since the check).
   */
  static void requireAudited(List<Snapshot> landing, Audited audited) {
    for (Snapshot s : landing) {
      if (changesData(s) && !audited.staged().contains(s.snapshotId())) {
        throw new ValidationException(
            "Cannot publish %s@%s: snapshot %s would reach %s but was not audited (did %s move"
                + " back since the check?); nothing was published, check again",
            audited.table(), audited.branch(), s.snapshotId(), audited.target(), audited.target());
      }
    }
  }

  /** Ids of {@code head} and its ancestors in {@code table}. */
  static Set<Long> ids(Table table, Snapshot head) {
    return head == null ? new HashSet<>() : ids(table::snapshot, head.snapshotId());
  }

  /** Ids of snapshot {@code head} and its ancestors, as {@code lookup} finds them. */
  static Set<Long> ids(java.util.function.LongFunction<Snapshot> lookup, long head) {
    Set<Long> ids = new HashSet<>();
    for (Snapshot s = lookup.apply(head);
        s != null;
        s = s.parentId() == null ? null : lookup.apply(s.parentId())) {
      ids.add(s.snapshotId());
    }
    return ids;
  }

  /** The batches each of {@code staged} (oldest first, consecutive) added, by producer. */
  static Map<Snapshot, Map<String, SequenceSet>> batches(Table source, List<Snapshot> staged) {
    ProducerLedger reader = new ProducerLedger("audit", Long.MAX_VALUE);
    Map<Snapshot, Map<String, SequenceSet>> added = new LinkedHashMap<>();
    if (staged.isEmpty()) {
      return added;
    }
    Long first = staged.get(0).parentId();
    Ledger before = first == null ? Ledger.EMPTY : ledgerAt(reader, source, first);
    for (Snapshot s : staged) {
      Ledger after = ledgerAt(reader, source, s.snapshotId());
      Map<String, SequenceSet> of = new TreeMap<>();
      for (Map.Entry<String, Entry> e : after.entries().entrySet()) {
        SequenceSet extra = e.getValue().committed().minus(before.committed(e.getKey()));
        if (!extra.isEmpty()) {
          of.put(e.getKey(), extra);
        }
      }
      added.put(s, of);
      before = after;
    }
    return added;
  }

  static Ledger ledgerAt(ProducerLedger reader, Table table, long snapshotId) {
    return reader.ledgerOf(
        table.io(), org.apache.iceberg.util.SnapshotUtil.ancestorsOf(snapshotId, table::snapshot));
  }
}
