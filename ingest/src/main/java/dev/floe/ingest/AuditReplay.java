package dev.floe.ingest;

import dev.floe.ingest.LedgerFile.Entry;
import dev.floe.ingest.LedgerFile.Ledger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.GenericStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;

/**
 * Replays audited append snapshots, oldest first, onto a target branch that moved since the audit
 * branch forked: one new append per audited snapshot, with the same data files, in one transaction
 * (all land or none). Each replayed snapshot names a new ledger file: the target's ledger plus the
 * batches the audited snapshot added, so a batch published once is a duplicate on both branches. A
 * batch the target already holds (re-sent there while the audit was pending) stops the replay:
 * appending it again would duplicate it. Replayed snapshots name their source ({@link #SOURCE}), so
 * a publish retried after an unknown outcome replays nothing twice.
 */
final class AuditReplay {
  /** Summary key of a replayed snapshot: the id of the audited snapshot it replays. */
  static final String SOURCE = "floe.audit.source-snapshot-id";

  private static final int ATTEMPTS = 8;
  private static final List<String> CARRIED_KEYS =
      List.of(
          IngestProperties.PRODUCER_ID,
          IngestProperties.BATCH_SEQUENCE,
          IngestProperties.BATCH_COUNT,
          IngestProperties.PRODUCER_COUNT);

  private AuditReplay() {}

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

  /**
   * Replays the snapshots of {@code source} from {@code head} back to the target's history onto
   * branch {@code ref} of {@code target}; returns the new snapshot ids, oldest first (empty when
   * every one was replayed before). Throws {@link ValidationException}, committing nothing, when a
   * snapshot is no append or the target holds one of its batches already.
   */
  static List<Long> replay(Table source, long head, Table target, String ref, Audited audited) {
    for (int attempt = 1; ; attempt++) {
      List<String> written = new ArrayList<>();
      try {
        return attempt(source, head, target, ref, audited, written);
      } catch (CommitFailedException | ValidationException e) {
        written.forEach(location -> BatchFiles.deleteQuietly(target.io(), location));
        if (!(e instanceof CommitFailedException || e.getMessage().contains(MOVED))
            || attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static final String MOVED = "moved while the audited appends were replayed";

  private static List<Long> attempt(
      Table source, long head, Table target, String ref, Audited audited, List<String> written) {
    target.refresh();
    Snapshot targetHead = target.snapshot(ref);
    Set<Long> replayedBefore = new HashSet<>();
    for (Snapshot s = targetHead;
        s != null;
        s = s.parentId() == null ? null : target.snapshot(s.parentId())) {
      String from = s.summary() == null ? null : s.summary().get(SOURCE);
      if (from != null) {
        replayedBefore.add(Long.parseLong(from));
      }
    }
    List<Snapshot> staged = staged(source, head, target, targetHead);
    Map<Snapshot, Map<String, SequenceSet>> added = batches(source, staged);
    added.keySet().removeIf(s -> replayedBefore.contains(s.snapshotId()));
    requireAudited(List.copyOf(added.keySet()), audited);
    if (added.isEmpty()) {
      return List.of();
    }
    ProducerLedger reader = new ProducerLedger(ref, Long.MAX_VALUE);
    Ledger base =
        targetHead == null ? Ledger.EMPTY : ledgerAt(reader, target, targetHead.snapshotId());
    List<String> twice = new ArrayList<>();
    added.forEach(
        (s, batches) -> {
          if (!DataOperations.APPEND.equals(s.operation())) {
            throw new ValidationException(
                "Cannot replay snapshot %s of %s onto %s: it is a %s, only appends replay (publish"
                    + " before %s moves, or audit again from %s)",
                s.snapshotId(), source.name(), ref, s.operation(), ref, ref);
          }
          batches.forEach(
              (producer, seqs) -> {
                SequenceSet both = seqs.minus(seqs.minus(base.committed(producer)));
                if (!both.isEmpty()) {
                  twice.add(producer + ":" + both);
                }
              });
        });
    if (!twice.isEmpty()) {
      throw new ValidationException(
          "Cannot publish to %s of %s: batches %s are on it already (re-sent there while the audit"
              + " was pending?); nothing was published, the audited data stays on its branch",
          ref, target.name(), twice);
    }
    Map<String, Entry> entries = new TreeMap<>(base.entries());
    long generation = base.generation();
    long now = System.currentTimeMillis();
    Transaction txn = target.newTransaction();
    List<Long> ids = new ArrayList<>();
    boolean first = true;
    for (Map.Entry<Snapshot, Map<String, SequenceSet>> step : added.entrySet()) {
      Snapshot s = step.getKey();
      generation++;
      for (Map.Entry<String, SequenceSet> b : step.getValue().entrySet()) {
        Entry old = entries.get(b.getKey());
        SequenceSet committed = old == null ? b.getValue() : old.committed().union(b.getValue());
        entries.put(b.getKey(), new Entry(committed, now, generation, b.getValue()));
      }
      Snapshot parent = txn.table().snapshot(ref);
      LedgerFile.Prepared prepared = LedgerFile.prepare(target, generation, entries, parent);
      AppendFiles append = txn.newAppend().toBranch(ref);
      s.addedDataFiles(source.io()).forEach(append::appendFile);
      prepared.ledger().pointer().setOn(append);
      for (String key : CARRIED_KEYS) {
        String value = s.summary() == null ? null : s.summary().get(key);
        if (value != null) {
          append.set(key, value);
        }
      }
      append.set(SOURCE, Long.toString(s.snapshotId()));
      if (first) {
        append.validateWith(new Unmoved(targetHead == null ? null : targetHead.snapshotId(), ref));
        first = false;
      }
      append.commit();
      written.add(prepared.ledger().pointer().location());
      LedgerFile.Written file = LedgerFile.write(target.io(), prepared, List.of(), List.of());
      long id = txn.table().snapshot(ref).snapshotId();
      txn.updateStatistics()
          .setStatistics(
              new GenericStatisticsFile(
                  id,
                  prepared.ledger().pointer().location(),
                  file.fileSize(),
                  file.footerSize(),
                  List.of()))
          .commit();
      ids.add(id);
    }
    txn.commitTransaction();
    return ids;
  }

  private static Ledger ledgerAt(ProducerLedger reader, Table table, long snapshotId) {
    return reader.ledgerOf(
        table.io(), org.apache.iceberg.util.SnapshotUtil.ancestorsOf(snapshotId, table::snapshot));
  }

  /** Fails the replay when the target's head is no longer the one its ledger was read from. */
  private static final class Unmoved implements SnapshotAncestryValidator {
    private final Long expected;
    private final String ref;

    private Unmoved(Long expected, String ref) {
      this.expected = expected;
      this.ref = ref;
    }

    @Override
    public boolean validate(Iterable<Snapshot> ancestors) {
      java.util.Iterator<Snapshot> it = ancestors.iterator();
      return Objects.equals(it.hasNext() ? it.next().snapshotId() : null, expected);
    }

    @Override
    public String errorMessage() {
      return ref + " " + MOVED;
    }
  }
}
