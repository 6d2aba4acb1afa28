package dev.floe.timetravel;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * The tags of a {@link Pin}: checked, created, undone; and a pin beside a concurrent expire. Until
 * the pin's tag exists, an expire may remove the snapshot being pinned and delete its manifests and
 * the data files no newer snapshot keeps. The tag's commit is the check: Iceberg refuses a tag on a
 * snapshot the table no longer has, and once the tag exists no expire removes the snapshot. A pin
 * therefore either tags a snapshot that still exists, whose every file it has read, or fails (or
 * starts again); it never locks files that are gone.
 */
final class PinTags {
  /** How many times a pin of a ref starts again on the ref's new snapshot. */
  static final int ATTEMPTS = 5;

  private PinTags() {}

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
    // Checked on fresh metadata: a tag the pin found may have been dropped since, and then only
    // a new tag keeps the snapshot.
    table.refresh();
    SnapshotRef existing = table.refs().get(tag);
    if (existing != null && existing.isTag() && existing.snapshotId() == id) {
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

  /**
   * The tag of the pin; a Nessie tag is catalog-wide and keeps a commit, so it names the commit.
   */
  static String defaultTag(long snapshotId, String nessieHash) {
    return nessieHash == null
        ? "floe-pin-" + snapshotId
        : "floe-pin-" + nessieHash.substring(0, Math.min(16, nessieHash.length()));
  }

  /** Refuses a tag name that an existing branch, or a tag of another snapshot, holds. */
  static void checkFree(Table table, String name, String tag, long snapshotId) {
    SnapshotRef existing = table.refs().get(tag);
    if (existing == null) {
      return;
    }
    Preconditions.checkArgument(
        existing.isTag() && existing.snapshotId() == snapshotId,
        "Cannot pin snapshot %s of %s as '%s': %s '%s' already exists at snapshot %s",
        snapshotId,
        name,
        tag,
        existing.isTag() ? "tag" : "branch",
        tag,
        existing.snapshotId());
  }

  /** Refuses a Nessie tag name that a branch, or a tag of another commit, holds. */
  static void checkNessieFree(Floe floe, String name, String tagName, String hash) {
    String existing = floe.tables().nessieHash(tagName);
    if (existing == null) {
      return;
    }
    boolean isTag = floe.tables().isNessieTag(tagName);
    Preconditions.checkArgument(
        existing.equals(hash) && isTag,
        "Cannot pin %s at Nessie commit %s as '%s': a Nessie %s '%s' already exists at %s",
        name,
        hash,
        tagName,
        isTag ? "tag" : "branch",
        tagName,
        existing);
  }
}
