package dev.floe.catalog.internal;

import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Carries the ingest writers' exactly-once ledger through snapshots that are not appends.
 *
 * <p>Every append of Floe's table writer records, per producer, every batch sequence committed on
 * the branch ({@code floe.committed.<producer>}). A compaction, tier move or partition TTL commit
 * without them would leave the ledger in older snapshots only, and once those expire a producer
 * that re-sends a batch would append it twice. So maintenance jobs copy the ledger into their own
 * snapshots, marked {@link #CARRIED}: a reader keeps walking past a carried ledger to the newest
 * append's (appends committed while the job ran sit below the job's snapshot), and uses the carried
 * one only where the appends have expired.
 */
public final class CarriedLedger {
  /** Summary key prefix of the writers' ledger, followed by a producer id. */
  public static final String COMMITTED_PREFIX = "floe.committed.";

  /** Summary key set on snapshots whose ledger was copied, not written by an append. */
  public static final String CARRIED = "floe.committed-carried";

  private CarriedLedger() {}

  /**
   * The summary entries to set on a snapshot committed on top of {@code start}: the ledger of the
   * newest append below it (or, if every append has expired, of the newest carried ledger), plus
   * {@link #CARRIED}; empty if no snapshot holds a ledger.
   */
  public static Map<String, String> from(Table table, Snapshot start) {
    Map<String, String> fallback = null;
    if (start == null) {
      return Map.of();
    }
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(start.snapshotId(), table::snapshot)) {
      Map<String, String> summary = snapshot.summary();
      if (summary == null) {
        continue;
      }
      Map<String, String> ledger = new TreeMap<>();
      summary.forEach(
          (key, value) -> {
            if (key.startsWith(COMMITTED_PREFIX)) {
              ledger.put(key, value);
            }
          });
      if (ledger.isEmpty()) {
        continue;
      }
      if (!summary.containsKey(CARRIED)) {
        return carried(ledger);
      }
      if (fallback == null) {
        fallback = ledger;
      }
    }
    return fallback == null ? Map.of() : carried(fallback);
  }

  private static Map<String, String> carried(Map<String, String> ledger) {
    ledger.put(CARRIED, "true");
    return ledger;
  }
}
