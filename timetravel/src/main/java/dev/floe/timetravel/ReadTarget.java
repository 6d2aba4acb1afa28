package dev.floe.timetravel;

import dev.floe.catalog.exceptions.NoSuchRefException;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import java.time.Instant;
import java.util.TreeSet;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * Which snapshot a {@link Reader} reads, and its files: a snapshot by id, else the one current on
 * {@code ref} at {@code asOf}, else the ref's current one. Kept apart from how the rows are read,
 * since a pin and a rehydrate resolve it the same way.
 *
 * @param snapshotId the snapshot asked for by id, or null
 * @param asOf the time asked for, or null for the ref's current snapshot
 */
record ReadTarget(Table table, String name, String ref, Long snapshotId, Instant asOf) {
  private static final int PLAN_ATTEMPTS = 5;

  /** The snapshot read; throws if the ref or snapshot does not exist. */
  Snapshot resolve() {
    if (snapshotId != null) {
      Snapshot snapshot = table.snapshot(snapshotId);
      if (snapshot == null) {
        throw new SnapshotNotFoundException("Table %s has no snapshot %s", name, snapshotId);
      }
      return snapshot;
    }
    if (!SnapshotRef.MAIN_BRANCH.equals(ref) && !table.refs().containsKey(ref)) {
      TreeSet<String> refs = new TreeSet<>(table.refs().keySet());
      refs.add(SnapshotRef.MAIN_BRANCH);
      throw new NoSuchRefException(
          "Table %s has no branch or tag '%s' (it has: %s)", name, ref, String.join(", ", refs));
    }
    Snapshot snapshot = table.snapshot(ref);
    if (snapshot == null) {
      throw new SnapshotNotFoundException("Table %s has no snapshot on %s yet", name, ref);
    }
    return asOf == null ? snapshot : AsOf.find(table, name, ref, snapshot, asOf);
  }

  /**
   * Plans the resolved snapshot's files. A concurrent expire can delete a manifest list or manifest
   * of the snapshot this handle resolved (a ref's current one, replaced by newer commits since the
   * table was loaded): then the table is refreshed and the ref resolved and planned again, a few
   * times. A snapshot asked for by id or time that the expire removed is an error that says so.
   */
  SnapshotFiles plan(Expression filter) {
    return plan(filter, null);
  }

  /**
   * {@link #plan(Expression)}, or {@code planned} (files of this snapshot planned without a filter,
   * see {@link TimeTravel#pinnedReader}) when it fits: this target asks for that snapshot by id and
   * {@code filter} is none.
   */
  SnapshotFiles plan(Expression filter, SnapshotFiles planned) {
    boolean reuse =
        planned != null
            && filter.equals(Expressions.alwaysTrue())
            && snapshotId != null
            && planned.snapshot().snapshotId() == snapshotId
            && planned.filter().equals(Expressions.alwaysTrue());
    if (reuse) {
      return planned;
    }
    for (int attempt = 1; ; attempt++) {
      Snapshot snapshot = resolve();
      try {
        return SnapshotFiles.plan(table, name, snapshot, filter);
      } catch (RuntimeException e) {
        if (!MissingFiles.causedBy(e)) {
          throw e;
        }
        table.refresh();
        boolean pinned = snapshotId != null || asOf != null;
        if (table.snapshot(snapshot.snapshotId()) == null && pinned) {
          throw new SnapshotNotFoundException(
              e,
              "Cannot read %s at snapshot %s: it was expired while being read (%s)",
              name,
              snapshot.snapshotId(),
              MissingFiles.oneLine(e));
        }
        if (attempt == PLAN_ATTEMPTS) {
          throw new SnapshotNotFoundException(
              e,
              "Cannot plan a read of %s: its files kept vanishing under %d re-plans (concurrent"
                  + " snapshot expiry?): %s",
              name,
              PLAN_ATTEMPTS,
              MissingFiles.oneLine(e));
        }
      }
    }
  }
}
