package dev.floe.catalog;

import dev.floe.catalog.exceptions.NoSuchRefException;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import java.util.Iterator;
import org.projectnessie.error.NessieNotFoundException;
import org.projectnessie.model.Branch;
import org.projectnessie.model.ContentKey;
import org.projectnessie.model.FetchOption;
import org.projectnessie.model.IcebergTable;
import org.projectnessie.model.LogResponse.LogEntry;
import org.projectnessie.model.Operation;
import org.projectnessie.model.Reference;

/** Finds the Nessie commit to tag so that a table resolves to one exact Iceberg snapshot. */
final class NessieTags {
  private NessieTags() {}

  /**
   * The newest commit of the default branch (else of another branch) at which {@code table}'s
   * current snapshot is {@code snapshotId}: walking back from the head, the window of commits since
   * the table last changed ends at the commit that set it.
   */
  static String commitWithSnapshot(NessieRefs refs, String table, long snapshotId) {
    String onMain = search(refs, refs.defaultBranch(), table, snapshotId);
    if (onMain != null) {
      return onMain;
    }
    // Not on main: an experiment's snapshot (e.g. `floe tag db.t@exp train-1`).
    for (Reference ref : refs.api().getAllReferences().get().getReferences()) {
      if (ref instanceof Branch && !ref.getName().equals(refs.defaultBranch())) {
        String found = search(refs, ref.getName(), table, snapshotId);
        if (found != null) {
          return found;
        }
      }
    }
    throw new SnapshotNotFoundException(
        "Cannot tag snapshot %s of %s: it was never the table's current snapshot on any Nessie"
            + " branch",
        snapshotId, table);
  }

  private static String search(NessieRefs refs, String branch, String table, long snapshotId) {
    ContentKey key = NessieRefs.key(table);
    Iterator<LogEntry> log;
    try {
      log = refs.api().getCommitLog().refName(branch).fetch(FetchOption.ALL).stream().iterator();
    } catch (NessieNotFoundException e) {
      throw new NoSuchRefException(e, "No Nessie branch named '%s'", branch);
    }
    String newestInWindow = null;
    while (log.hasNext()) {
      LogEntry entry = log.next();
      if (newestInWindow == null) {
        newestInWindow = entry.getCommitMeta().getHash();
      }
      Operation change = change(entry, key);
      if (change == null) {
        continue;
      }
      if (change instanceof Operation.Put put
          && put.getContent() instanceof IcebergTable iceberg
          && iceberg.getSnapshotId() == snapshotId) {
        return newestInWindow;
      }
      // The table changed here: older commits hold an older state of it.
      newestInWindow = null;
    }
    return null;
  }

  private static Operation change(LogEntry entry, ContentKey key) {
    if (entry.getOperations() == null) {
      return null;
    }
    return entry.getOperations().stream()
        .filter(op -> key.equals(op.getKey()))
        .filter(op -> op instanceof Operation.Put || op instanceof Operation.Delete)
        .findFirst()
        .orElse(null);
  }
}
