package dev.floe.ingest;

import dev.floe.catalog.internal.CarriedLedger;
import dev.floe.ingest.LedgerFile.Entry;
import dev.floe.ingest.LedgerFile.Ledger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * What every producer has committed on a branch: the ledger file the branch head names ({@link
 * CarriedLedger#LEDGER}), one read however long the history. Each append writes the complete state
 * to a new file ({@link LedgerCommit}); maintenance snapshots name the same file; snapshots made by
 * other tools name none, and the walk passes them until the newest snapshot that does. Tables of
 * earlier Floe versions hold the state in summary keys ({@link IngestProperties#COMMITTED_PREFIX}),
 * read as before until the next append moves it to a file. Thread-safe; the last files read are
 * cached (they never change).
 */
final class ProducerLedger {
  /** How many commits of one producer {@link #committedIn} follows back before it answers head. */
  private static final int MAX_HOPS = 64;

  private final String branch;
  private final long idleRetentionMillis;
  private final Map<String, Ledger> cache =
      new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Ledger> eldest) {
          return size() > 4;
        }
      };

  ProducerLedger(String branch, long idleRetentionMillis) {
    this.branch = branch;
    this.idleRetentionMillis = idleRetentionMillis;
  }

  String branch() {
    return branch;
  }

  long idleRetentionMillis() {
    return idleRetentionMillis;
  }

  /** Every producer's committed sequences at the branch head of {@code table} as loaded now. */
  Map<String, SequenceSet> state(Table table) {
    return head(table).state();
  }

  /** The ledger at the branch head of {@code table} as loaded now. */
  Ledger head(Table table) {
    Snapshot head = SnapshotUtil.latestSnapshot(table, branch);
    if (head == null) {
      return Ledger.EMPTY;
    }
    return ledgerOf(table.io(), SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot));
  }

  /**
   * Reads {@code ancestors} (newest first) down to the first snapshot that names a ledger file or
   * holds a summary ledger. Batches named by snapshots above it (written by an earlier Floe, or
   * without state) and summary ledgers carried by maintenance snapshots are added.
   */
  Ledger ledgerOf(FileIO io, Iterable<Snapshot> ancestors) {
    Map<String, SequenceSet> extra = new TreeMap<>();
    for (Snapshot snapshot : ancestors) {
      Map<String, String> summary = snapshot.summary();
      if (summary == null) {
        continue;
      }
      CarriedLedger.Pointer pointer = CarriedLedger.Pointer.of(summary);
      if (pointer != null) {
        addSummaryBatches(extra, summary, false);
        return withExtra(read(io, pointer), extra);
      }
      boolean carriesState = addSummaryBatches(extra, summary, true);
      // A maintenance job's copy of a summary ledger does not end the walk: appends committed
      // while it ran sit below it. It is what remains once those appends expired.
      if (carriesState && !summary.containsKey(CarriedLedger.CARRIED)) {
        break;
      }
    }
    return withExtra(Ledger.EMPTY, extra);
  }

  /**
   * The snapshot that committed {@code sequence} of {@code producer} on the branch; the branch head
   * when that snapshot has expired (or lies more than 64 of the producer's commits back); null when
   * the batch is not committed.
   */
  Snapshot committedIn(Table table, String producer, long sequence) {
    Snapshot head = SnapshotUtil.latestSnapshot(table, branch);
    if (head == null) {
      return null;
    }
    List<Snapshot> ancestors = new ArrayList<>();
    SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot).forEach(ancestors::add);
    Ledger ledger = ledgerOf(table.io(), ancestors);
    if (!ledger.committed(producer).contains(sequence)) {
      return null;
    }
    Entry entry = ledger.entries().get(producer);
    for (int hop = 0; hop < MAX_HOPS && entry != null && entry.generation() >= 0; hop++) {
      int oldest = oldestWithGeneration(ancestors, entry.generation());
      if (oldest < 0) {
        break; // that commit expired
      }
      if (entry.added().contains(sequence)) {
        return ancestors.get(oldest);
      }
      // Committed earlier: the state below that commit names the producer's commit before it.
      List<Snapshot> below = ancestors.subList(oldest + 1, ancestors.size());
      Ledger before = ledgerOf(table.io(), below);
      if (!before.committed(producer).contains(sequence)) {
        break;
      }
      entry = before.entries().get(producer);
    }
    return head;
  }

  /** Caches {@code ledger}, just written, for the reads that follow its commit. */
  void remember(Ledger ledger) {
    synchronized (cache) {
      cache.put(ledger.pointer().location(), ledger);
    }
  }

  private Ledger read(FileIO io, CarriedLedger.Pointer pointer) {
    synchronized (cache) {
      Ledger cached = cache.get(pointer.location());
      if (cached != null && cached.pointer().equals(pointer)) {
        return cached;
      }
    }
    Ledger read = LedgerFile.read(io, pointer);
    remember(read);
    return read;
  }

  private static int oldestWithGeneration(List<Snapshot> ancestors, long generation) {
    int oldest = -1;
    for (int i = 0; i < ancestors.size(); i++) {
      CarriedLedger.Pointer pointer = CarriedLedger.Pointer.of(ancestors.get(i).summary());
      if (pointer == null) {
        continue;
      }
      long at = LedgerFile.generationOf(pointer);
      if (at == generation) {
        oldest = i;
      } else if (at < generation) {
        break;
      }
    }
    return oldest;
  }

  /**
   * Adds the batches a summary names (and, with {@code withState}, a summary ledger); true if it
   * holds a summary ledger.
   */
  private static boolean addSummaryBatches(
      Map<String, SequenceSet> state, Map<String, String> summary, boolean withState) {
    boolean carriesState = false;
    for (Map.Entry<String, String> entry : summary.entrySet()) {
      String key = entry.getKey();
      if (key.startsWith(IngestProperties.COMMITTED_PREFIX)) {
        carriesState = true;
        if (withState) {
          add(state, key.substring(IngestProperties.COMMITTED_PREFIX.length()), entry.getValue());
        }
      } else if (key.startsWith(IngestProperties.BATCHES_PREFIX)) {
        add(state, key.substring(IngestProperties.BATCHES_PREFIX.length()), entry.getValue());
      }
    }
    String producer = summary.get(IngestProperties.PRODUCER_ID);
    if (producer != null) {
      add(state, producer, summary.get(IngestProperties.BATCH_SEQUENCE));
    }
    return carriesState;
  }

  /** {@code ledger} plus batches named in summaries; those entries' times are unknown (-1). */
  private static Ledger withExtra(Ledger ledger, Map<String, SequenceSet> extra) {
    boolean adds = false;
    for (Map.Entry<String, SequenceSet> e : extra.entrySet()) {
      SequenceSet known = ledger.committed(e.getKey());
      if (!known.union(e.getValue()).equals(known)) {
        adds = true;
        break;
      }
    }
    if (!adds) {
      return ledger;
    }
    Map<String, Entry> entries = new TreeMap<>(ledger.entries());
    extra.forEach(
        (producer, sequences) ->
            entries.merge(
                producer,
                new Entry(sequences, -1, -1, SequenceSet.EMPTY),
                (a, b) ->
                    new Entry(
                        a.committed().union(b.committed()),
                        a.lastCommitMillis(),
                        a.generation(),
                        a.added())));
    return new Ledger(ledger.pointer(), ledger.generation(), entries);
  }

  private static void add(Map<String, SequenceSet> state, String producer, String text) {
    SequenceSet set = SequenceSet.parse(text);
    if (set != null) {
      state.merge(producer, set, SequenceSet::union);
    }
  }
}
