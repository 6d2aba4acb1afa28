package dev.floe.timetravel;

import dev.floe.catalog.exceptions.LockFileException;
import dev.floe.timetravel.lock.LockFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * What a training run read, exactly: a table's snapshot, the schema and columns read, and
 * fingerprints of the files and of the values. Stored as a small JSON file next to the run; {@link
 * TimeTravel#verify} checks it against the table and {@link TimeTravel#rehydrate} reads the data
 * back. Built with {@link #builderFor}; the JSON form is {@link
 * dev.floe.timetravel.lock.LockFileParser}'s.
 *
 * @param columns the columns read; empty means all
 * @param fingerprint hex SHA-256 over the snapshot's data files (path, size, records) by path, each
 *     with its delete files
 * @param dataFiles how many data files the snapshot has; checked by verify and rehydrate
 * @param records the data files' record count, before delete files and the filter apply (see {@code
 *     rows}); checked by verify and rehydrate
 * @param contentDigest the content digest of the rows read, or null when not computed: from format
 *     version 4 the root over {@code fileDigests} ({@code docs/digest.md}); before, one SHA-256
 *     over every value in read order ({@link ContentDigest})
 * @param tag the tag that keeps the snapshot from being expired
 * @param filter the row filter read, as Iceberg expression JSON ({@code ExpressionParser}), or null
 *     for all rows; locks of format version 1 have none
 * @param split the deterministic train/validation/test split, or null for none
 * @param splitDigests the content digest of each part of the split (empty without one)
 * @param shuffleSeed the seed of the row order shuffle, or null for file order
 * @param nessieRef in nessie mode, the Nessie branch or tag the table was pinned on (and {@code
 *     ref} the Iceberg ref inside it); null otherwise
 * @param nessieHash in nessie mode, the Nessie commit pinned: rehydrate reads the table as of this
 *     commit, whatever happened to the branch since; null otherwise
 * @param rows the exact number of rows the lock reads (all parts of a split), after deletes and the
 *     filter: counted while the pin read the data for the digest, or taken from the metadata when
 *     that is exact (no filter, no equality deletes); null when unknown (locks written before this
 *     field, or {@code --no-digest} pins it cannot count). Rehydrate checks it. An optional field:
 *     older Floe versions ignore it, so it needs no new format version.
 * @param fileDigests from format version 4, the content digest of each data file read, in read
 *     order (without the shuffle and the split, which are deterministic given the rows); empty
 *     before, and without a content digest
 */
public record TrainingLock(
    int formatVersion,
    String catalog,
    String table,
    String ref,
    long snapshotId,
    int schemaId,
    List<String> columns,
    String fingerprint,
    int dataFiles,
    long records,
    String contentDigest,
    String tag,
    Instant pinnedAt,
    String filter,
    Split split,
    Map<Split.Part, String> splitDigests,
    Long shuffleSeed,
    String nessieRef,
    String nessieHash,
    Long rows,
    List<FileDigest> fileDigests) {
  /**
   * The newest lock file format this code writes and reads. Version 2 added {@code filter}, {@code
   * split} and {@code shuffleSeed}; version 3 the Nessie commit and lock files of several tables
   * ({@link LockFile}); version 4 per-file content digests; version 5 their digest units (row
   * groups, stripes: {@code floe-digest/2}). A lock is written with the oldest version that holds
   * it, so older Floe versions keep reading what they can.
   */
  public static final int FORMAT_VERSION = 5;

  /** The first format version whose content digest is the root over per-file digests. */
  public static final int FILE_DIGESTS_VERSION = 4;

  /** The first format version whose file digests are over digest units ({@code floe-digest/2}). */
  public static final int UNITS_VERSION = 5;

  /** The content digest of format 4 locks: one digest per file ({@code docs/digest.md}). */
  public static final String DIGEST_V1 = "floe-digest/1";

  /** The content digest of format 5 locks: per file over its row groups or stripes. */
  public static final String DIGEST_V2 = "floe-digest/2";

  public TrainingLock {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(ref, "ref");
    columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(pinnedAt, "pinnedAt");
    splitDigests = Map.copyOf(Objects.requireNonNull(splitDigests, "splitDigests"));
    fileDigests = List.copyOf(Objects.requireNonNull(fileDigests, "fileDigests"));
    Preconditions.checkArgument(
        (nessieRef == null) == (nessieHash == null),
        "Invalid lock of %s: a Nessie ref and hash go together",
        table);
    Preconditions.checkArgument(
        rows == null || rows >= 0, "Invalid lock of %s: negative rows %s", table, rows);
  }

  /**
   * Starts a lock of snapshot {@code snapshotId} of {@code table}: on {@code main}, all columns, no
   * filter, split, shuffle or Nessie commit, and the oldest format version that holds what is set,
   * unless told otherwise. The catalog, fingerprint, tag and pinning time are required.
   */
  public static TrainingLockBuilder builderFor(String table, long snapshotId) {
    return new TrainingLockBuilder(table, snapshotId);
  }

  /** Starts a lock with every field of {@code lock}, its format version included. */
  public static TrainingLockBuilder builderFrom(TrainingLock lock) {
    return builderFor(lock.table(), lock.snapshotId())
        .formatVersion(lock.formatVersion())
        .catalog(lock.catalog())
        .ref(lock.ref())
        .schemaId(lock.schemaId())
        .columns(lock.columns())
        .files(lock.fingerprint(), lock.dataFiles(), lock.records())
        .contentDigest(lock.contentDigest())
        .tag(lock.tag())
        .pinnedAt(lock.pinnedAt())
        .filter(lock.filter())
        .split(lock.split(), lock.splitDigests())
        .shuffleSeed(lock.shuffleSeed())
        .nessieCommit(lock.nessieRef(), lock.nessieHash())
        .rows(lock.rows())
        .fileDigests(lock.perFileDigests() ? lock.fileDigests() : null);
  }

  /** Whether the content digest is the root over per-file digests (format version 4 on). */
  boolean perFileDigests() {
    return formatVersion >= FILE_DIGESTS_VERSION && contentDigest != null;
  }

  /** Whether each file digest is over the file's digest units ({@code floe-digest/2}). */
  boolean unitDigests() {
    return perFileDigests() && formatVersion >= UNITS_VERSION;
  }

  /**
   * The definition the per-file digests follow: {@link #DIGEST_V2} (format 5: {@link
   * FileDigest#units()} are the file's row groups or stripes), {@link #DIGEST_V1} (format 4), or
   * null for a lock without per-file digests.
   */
  public String digestAlgorithm() {
    return !perFileDigests() ? null : unitDigests() ? DIGEST_V2 : DIGEST_V1;
  }

  /** The table as a name to resolve: at the pinned Nessie commit in nessie mode. */
  String source() {
    return nessieHash == null ? table : table + "@" + nessieRef + "#" + nessieHash;
  }

  /** A short name for output folders and messages: the table, with its branch unless main. */
  public String label() {
    String on = nessieRef != null ? nessieRef : ref;
    return SnapshotRef.MAIN_BRANCH.equals(on) ? table : table + "@" + on;
  }

  /**
   * Reads a lock file of one table; a missing file, bad JSON, a missing field or a lock file of
   * several tables throws {@link LockFileException} naming the file and the reason. {@link
   * LockFile#read} reads lock files of one or several tables.
   */
  public static TrainingLock read(Path path) {
    LockFile file = LockFiles.read(path);
    if (file.locks().size() != 1) {
      throw new LockFileException(
          "Cannot read lock file %s as one table: it pins %s tables (%s); read it with"
              + " LockFile.read",
          path, file.locks().size(), file.tables());
    }
    return file.locks().get(0);
  }

  /** Writes this lock as pretty JSON, atomically: readers see the old file or the new one. */
  public void write(Path path) {
    LockFiles.write(new LockFile(List.of(this)), path);
  }
}
