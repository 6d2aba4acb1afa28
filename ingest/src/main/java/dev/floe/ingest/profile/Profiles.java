package dev.floe.ingest.profile;

import dev.floe.catalog.Floe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.puffin.BlobMetadata;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.util.Pair;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The column profiles Floe's writer stored with each commit ({@link ProfileCodec#BLOB_TYPE} blobs
 * in the snapshot's statistics file, which lands in the same atomic commit as the data, so a
 * profile exists only for a snapshot that landed). Reads no data files: one small Puffin blob per
 * commit. A snapshot whose statistics file expired with it, or an append made without profiling,
 * has no profile: the queries below then fail naming it rather than return a profile of fewer rows.
 */
public final class Profiles {
  private final Table table;

  private Profiles(Table table) {
    this.table = table;
  }

  public static Profiles of(Floe floe, String name) {
    return of(floe.tables().load(name));
  }

  public static Profiles of(Table table) {
    return new Profiles(Objects.requireNonNull(table, "table"));
  }

  /** The profile of the rows the append {@code snapshotId} added. */
  public Profile atSnapshot(long snapshotId) {
    Profile profile = read(snapshotId);
    Preconditions.checkState(
        profile != null,
        "Cannot read the profile of snapshot %s of %s: it has none (not written by a profiling"
            + " Floe writer, or its statistics file is gone)",
        snapshotId,
        table.name());
    return profile;
  }

  /**
   * The merged profile of the rows appended after {@code fromExclusive} (null: from the start) up
   * to and including {@code toInclusive}, which must descend from it; compactions are skipped (they
   * add no rows). Deletes and overwrites in the range are refused: the sketches cannot subtract.
   * From the start of a table that expired snapshots, only the retained appends are left: the
   * result says how many it covers and where the history stops ({@link
   * ProfileRange#expiredBefore}).
   */
  public ProfileRange forRange(Long fromExclusive, long toInclusive) {
    List<Snapshot> appends = new ArrayList<>();
    boolean reached = fromExclusive == null;
    Snapshot oldest = null;
    for (Snapshot s : SnapshotUtil.ancestorsOf(toInclusive, table::snapshot)) {
      if (fromExclusive != null && s.snapshotId() == fromExclusive) {
        reached = true;
        break;
      }
      oldest = s;
      Preconditions.checkState(
          DataOperations.APPEND.equals(s.operation())
              || DataOperations.REPLACE.equals(s.operation()),
          "Cannot profile the range of %s: snapshot %s is a %s (profiles only add rows)",
          table.name(),
          s.snapshotId(),
          s.operation());
      if (DataOperations.APPEND.equals(s.operation())) {
        appends.add(s);
      }
    }
    Preconditions.checkArgument(
        reached,
        "Invalid range of %s: snapshot %s is not an ancestor of %s (or history before it expired)",
        table.name(),
        fromExclusive,
        toInclusive);
    // The walk ends at a snapshot without a parent: the first one, or one whose parent expired.
    Long expiredBefore =
        fromExclusive == null && oldest != null && oldest.parentId() != null
            ? oldest.snapshotId()
            : null;
    Profile merged = Profile.EMPTY;
    for (int i = appends.size() - 1; i >= 0; i--) {
      merged = merged.merge(atSnapshot(appends.get(i).snapshotId()));
    }
    Instant since =
        appends.isEmpty()
            ? null
            : Instant.ofEpochMilli(appends.get(appends.size() - 1).timestampMillis());
    return new ProfileRange(merged, appends.size(), since, expiredBefore);
  }

  private Profile read(long snapshotId) {
    List<Pair<BlobMetadata, byte[]>> blobs =
        StatisticsBlobs.read(
            table,
            snapshotId,
            b -> ProfileCodec.BLOB_TYPE.equals(b.type()) && b.snapshotId() == snapshotId);
    return blobs.isEmpty() ? null : ProfileCodec.decode(blobs.get(0).second());
  }
}
