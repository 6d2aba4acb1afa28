package dev.floe.timetravel;

import dev.floe.catalog.ResolvedTable;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * A snapshot pinned by id must be in the history of the ref the lock names: the ref's snapshot or,
 * for a branch, one of its ancestors (a tag holds its own snapshot only). Otherwise the lock would
 * say the model trained on a branch (or on main) that never held those rows.
 */
final class PinHistory {
  private PinHistory() {}

  /**
   * Throws, naming the branches and tags that do hold snapshot {@code id} (or how to give it one),
   * when the ref {@code resolved} reads does not.
   */
  static void check(ResolvedTable resolved, long id) {
    Table table = resolved.table();
    String ref = resolved.ref();
    SnapshotRef head = table.refs().get(ref);
    if (head == null || holds(table, head, id)) {
      return; // a missing ref is the reader's error to report
    }
    String name = resolved.name().identifier().toString();
    boolean nessie = resolved.nessieRef() != null || resolved.nessieHash() != null;
    List<String> holders =
        table.refs().entrySet().stream()
            .filter(e -> holds(table, e.getValue(), id))
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    String hint;
    if (nessie) {
      hint = "pin it from the Nessie branch or tag whose history holds it";
    } else if (holders.isEmpty()) {
      hint =
          String.format(
              "no branch or tag holds it; tag it (floe tag %s TAG --snapshot %d) and pin %s@TAG",
              name, id, name);
    } else {
      hint =
          String.format(
              "it is in the history of %s: pin %s@%s --snapshot %d",
              String.join(", ", holders), name, holders.get(0), id);
    }
    String label = resolved.name().toString();
    throw new IllegalArgumentException(
        String.format(
            "Cannot pin %s at snapshot %d: the snapshot is not in the history of %s; %s",
            label, id, nessie ? label : ref, hint));
  }

  // A tag names one snapshot and never moved, so it held no ancestor of it; a branch held its own.
  private static boolean holds(Table table, SnapshotRef ref, long id) {
    return ref.snapshotId() == id
        || (ref.isBranch() && SnapshotUtil.isAncestorOf(table, ref.snapshotId(), id));
  }
}
