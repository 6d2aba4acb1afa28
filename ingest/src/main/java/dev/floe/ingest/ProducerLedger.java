package dev.floe.ingest;

import dev.floe.catalog.internal.CarriedLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * What every producer has committed on a branch, read from the branch head's snapshot summary. Each
 * snapshot Floe commits carries the whole state forward ({@link IngestProperties#COMMITTED_PREFIX}
 * plus the producer id, as {@link SequenceSet} text), so the answer survives snapshot expiry and
 * costs one summary, not a walk through history. Snapshots made by other tools (compaction) carry
 * no state: the walk passes them until the newest snapshot that does. Stateless; thread-safe.
 */
final class ProducerLedger {
  private final String branch;
  private final int maxRanges;

  ProducerLedger(String branch, int maxRanges) {
    this.branch = branch;
    this.maxRanges = maxRanges;
  }

  /** The state at the branch head of {@code table} as it is loaded now. */
  Map<String, SequenceSet> state(Table table) {
    Snapshot head = SnapshotUtil.latestSnapshot(table, branch);
    if (head == null) {
      return Map.of();
    }
    return stateOf(SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot));
  }

  /**
   * Reads {@code ancestors} (newest first) down to the first append that carries state; batches
   * named by snapshots above it (written by an older Floe, or without state) and ledgers carried by
   * maintenance snapshots ({@link CarriedLedger}) are added.
   */
  static Map<String, SequenceSet> stateOf(Iterable<Snapshot> ancestors) {
    Map<String, SequenceSet> state = new TreeMap<>();
    for (Snapshot snapshot : ancestors) {
      Map<String, String> summary = snapshot.summary();
      if (summary == null) {
        continue;
      }
      boolean carriesState = false;
      for (Map.Entry<String, String> entry : summary.entrySet()) {
        String key = entry.getKey();
        if (key.startsWith(IngestProperties.COMMITTED_PREFIX)) {
          carriesState = true;
          add(state, key.substring(IngestProperties.COMMITTED_PREFIX.length()), entry.getValue());
        } else if (key.startsWith(IngestProperties.BATCHES_PREFIX)) {
          add(state, key.substring(IngestProperties.BATCHES_PREFIX.length()), entry.getValue());
        }
      }
      String producer = summary.get(IngestProperties.PRODUCER_ID);
      if (producer != null) {
        add(state, producer, summary.get(IngestProperties.BATCH_SEQUENCE));
      }
      // A maintenance job's copy of the ledger (compaction, tiering) does not end the walk: appends
      // committed while it ran sit below it. It is what remains once those appends expired.
      if (carriesState && !summary.containsKey(CarriedLedger.CARRIED)) {
        break;
      }
    }
    return state;
  }

  /**
   * The snapshot that committed {@code sequence} of {@code producer} on the branch; the branch head
   * when that snapshot has expired; null when the batch is not committed.
   */
  Snapshot committedIn(Table table, String producer, long sequence) {
    Snapshot head = SnapshotUtil.latestSnapshot(table, branch);
    if (head == null) {
      return null;
    }
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot)) {
      Map<String, String> summary = snapshot.summary();
      if (summary == null) {
        continue;
      }
      if (contains(summary.get(IngestProperties.BATCHES_PREFIX + producer), sequence)
          || (producer.equals(summary.get(IngestProperties.PRODUCER_ID))
              && contains(summary.get(IngestProperties.BATCH_SEQUENCE), sequence))) {
        return snapshot;
      }
      String committed = summary.get(IngestProperties.COMMITTED_PREFIX + producer);
      if (committed != null && !contains(committed, sequence)) {
        return null; // committed later than this snapshot, yet no newer snapshot named it
      }
    }
    return stateOf(SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot))
            .getOrDefault(producer, SequenceSet.EMPTY)
            .contains(sequence)
        ? head
        : null;
  }

  /**
   * A validator for one commit of {@code batches} through {@code append}. Iceberg runs it against
   * the latest branch head on every attempt, before it builds the snapshot summary, so it both
   * rejects batches already committed and writes the state carried forward from that very head.
   */
  Check check(List<PendingBatch> batches, AppendFiles append) {
    return new Check(batches, append);
  }

  private static void add(Map<String, SequenceSet> state, String producer, String text) {
    SequenceSet set = SequenceSet.parse(text);
    if (set != null) {
      state.merge(producer, set, (a, b) -> a.union(b, Integer.MAX_VALUE));
    }
  }

  private static boolean contains(String text, long sequence) {
    SequenceSet set = SequenceSet.parse(text);
    return set != null && set.contains(sequence);
  }

  final class Check implements SnapshotAncestryValidator {
    private final List<PendingBatch> batches;
    private final AppendFiles append;
    private volatile List<PendingBatch> duplicates = List.of();

    private Check(List<PendingBatch> batches, AppendFiles append) {
      this.batches = List.copyOf(batches);
      this.append = append;
    }

    @Override
    public boolean validate(Iterable<Snapshot> ancestors) {
      Map<String, SequenceSet> state = stateOf(ancestors);
      Map<String, SequenceSet> added = new TreeMap<>();
      List<PendingBatch> found = new ArrayList<>();
      for (PendingBatch pending : batches) {
        if (state
            .getOrDefault(pending.producer(), SequenceSet.EMPTY)
            .contains(pending.sequence())) {
          found.add(pending);
        } else {
          added.merge(
              pending.producer(),
              SequenceSet.EMPTY.with(pending.sequence()),
              (a, b) -> a.union(b, Integer.MAX_VALUE));
        }
      }
      duplicates = List.copyOf(found);
      if (!found.isEmpty()) {
        return false;
      }
      added.forEach(
          (producer, sequences) -> {
            state.merge(producer, sequences, (a, b) -> a.union(b, maxRanges));
            append.set(IngestProperties.BATCHES_PREFIX + producer, sequences.toString());
          });
      state.forEach(
          (producer, sequences) ->
              append.set(IngestProperties.COMMITTED_PREFIX + producer, sequences.toString()));
      if (batches.size() == 1) {
        // The one-batch keys, as earlier Floe versions and `floe snapshots` read them.
        append.set(IngestProperties.PRODUCER_ID, batches.get(0).producer());
        append.set(IngestProperties.BATCH_SEQUENCE, Long.toString(batches.get(0).sequence()));
      }
      return true;
    }

    /** The batches that made the last validation fail: already committed on the branch. */
    List<PendingBatch> duplicates() {
      return duplicates;
    }

    @Override
    public String errorMessage() {
      return String.format(
          "%s already committed on branch %s",
          duplicates.stream().map(PendingBatch::describe).toList(), branch);
    }
  }
}
