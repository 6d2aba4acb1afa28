package dev.floe.timetravel;

import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import java.time.Instant;
import org.apache.iceberg.HistoryEntry;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/** Finds the snapshot that was current on a ref at a point in time (inclusive of that instant). */
final class AsOf {
  private AsOf() {}

  static Snapshot find(Table table, String name, String ref, Snapshot head, Instant time) {
    long millis = time.toEpochMilli();
    Snapshot found = null;
    Snapshot first = null;
    if (SnapshotRef.MAIN_BRANCH.equals(ref)) {
      // main's history log, not its ancestry: after a rollback the log says what was current.
      for (HistoryEntry entry : table.history()) {
        if (first == null) {
          first = table.snapshot(entry.snapshotId());
        }
        if (entry.timestampMillis() <= millis) {
          found = table.snapshot(entry.snapshotId());
        }
      }
    } else {
      // Other refs keep no log: their current snapshot at a time is the newest ancestor by then.
      for (Snapshot snapshot : SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot)) {
        first = snapshot;
        if (found == null && snapshot.timestampMillis() <= millis) {
          found = snapshot;
        }
      }
    }
    if (found == null) {
      throw new SnapshotNotFoundException(
          "Table %s has no snapshot on %s as of %s: its first snapshot %s was committed at %s",
          name,
          ref,
          time,
          first == null ? "(none)" : first.snapshotId(),
          first == null ? "(never)" : Instant.ofEpochMilli(first.timestampMillis()));
    }
    return found;
  }
}
