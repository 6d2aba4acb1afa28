package dev.floe.timetravel;

import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;

/**
 * A {@link Pin} beside a concurrent expire. Until the pin's tag exists, an expire may remove the
 * snapshot being pinned and delete its manifests and the data files no newer snapshot keeps. The
 * tag's commit is the check: Iceberg refuses a tag on a snapshot the table no longer has, and once
 * the tag exists no expire removes the snapshot. A pin therefore either tags a snapshot that still
 * exists, whose every file it has read, or fails (or starts again); it never locks files that are
 * gone.
 */
final class PinRaces {
  /** How many times a pin of a ref starts again on the ref's new snapshot. */
  static final int ATTEMPTS = 5;

  private PinRaces() {}

  /**
   * Whether {@code e} comes from files of snapshot {@code id} that an expire deleted: a file was
   * missing and the table, refreshed, no longer has the snapshot.
   */
  static boolean expired(Table table, long id, RuntimeException e) {
    if (!MissingFiles.causedBy(e)) {
      return false;
    }
    table.refresh();
    return table.snapshot(id) == null;
  }

  /** {@code e}, or when it comes from an expire of snapshot {@code id}, an error saying so. */
  static RuntimeException expiredOr(Table table, long id, String name, RuntimeException e) {
    if (!MissingFiles.causedBy(e) || table.snapshot(id) != null) {
      return e;
    }
    return expired(name, id, MissingFiles.oneLine(e), e);
  }

  static SnapshotNotFoundException expired(String name, long id, String why, Throwable cause) {
    return new SnapshotNotFoundException(
        cause,
        "Cannot pin %s at snapshot %s: it was expired while being pinned (%s); pin again (a"
            + " snapshot that still exists)",
        name,
        id,
        why);
  }

  /**
   * Tags snapshot {@code id}. Another pin of the same snapshot may have created the tag first: that
   * is success. A snapshot an expire removed before the tag existed throws {@link
   * SnapshotNotFoundException}: nothing protected it, and its files may be gone.
   */
  static void createTag(Table table, String name, String tag, long id) {
    if (table.refs().containsKey(tag)) {
      return;
    }
    try {
      table.manageSnapshots().createTag(tag, id).commit();
    } catch (RuntimeException e) {
      table.refresh();
      SnapshotRef ref = table.refs().get(tag);
      if (ref != null && ref.isTag() && ref.snapshotId() == id) {
        return;
      }
      if (table.snapshot(id) == null) {
        throw expired(name, id, "no tag could keep it", e);
      }
      throw e;
    }
  }

  /** Removes {@code tag} if it still names snapshot {@code id}: undoes a tag a pin created. */
  static void dropTag(Table table, String tag, long id) {
    table.refresh();
    SnapshotRef ref = table.refs().get(tag);
    if (ref != null && ref.isTag() && ref.snapshotId() == id) {
      table.manageSnapshots().removeTag(tag).commit();
    }
  }
}
