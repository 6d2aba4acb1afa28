package dev.floe.timetravel;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a training run read, exactly: a table's snapshot, the schema and columns read, and
 * fingerprints of the files and of the values. Stored as a small JSON file next to the run; {@link
 * TimeTravel#verify} checks it against the table and {@link TimeTravel#rehydrate} reads the data
 * back.
 *
 * @param columns the columns read; empty means all
 * @param fingerprint hex SHA-256 over the snapshot's data files (path, size, records) by path, each
 *     with its delete files
 * @param dataFiles how many data files the snapshot has; checked by verify and rehydrate
 * @param records the data files' record count, before delete files and the filter apply (see {@code
 *     rows}); checked by verify and rehydrate
 * @param contentDigest hex SHA-256 over every value read, or null when not computed
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
    Long rows) {
  /**
   * The newest lock file format this code writes and reads. Version 2 added {@code filter}, {@code
   * split} and {@code shuffleSeed}; version 3 the Nessie commit and lock files of several tables
   * ({@link LockFile}). A lock is written with the oldest version that holds it, so older Floe
   * versions keep reading what they can.
   */
  public static final int FORMAT_VERSION = 3;

  /** A lock outside nessie mode (format version 1 or 2). */
  public TrainingLock(
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
      Long shuffleSeed) {
    this(
        formatVersion,
        catalog,
        table,
        ref,
        snapshotId,
        schemaId,
        columns,
        fingerprint,
        dataFiles,
        records,
        contentDigest,
        tag,
        pinnedAt,
        filter,
        split,
        splitDigests,
        shuffleSeed,
        null,
        null,
        null);
  }

  /** A lock without a row filter (format version 1). */
  public TrainingLock(
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
      Instant pinnedAt) {
    this(
        formatVersion,
        catalog,
        table,
        ref,
        snapshotId,
        schemaId,
        columns,
        fingerprint,
        dataFiles,
        records,
        contentDigest,
        tag,
        pinnedAt,
        null,
        null,
        Map.of(),
        null,
        null,
        null,
        null);
  }

  public TrainingLock {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(ref, "ref");
    columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(pinnedAt, "pinnedAt");
    splitDigests = Map.copyOf(Objects.requireNonNull(splitDigests, "splitDigests"));
    if ((nessieRef == null) != (nessieHash == null)) {
      throw new IllegalArgumentException(
          "Invalid lock of " + table + ": a Nessie ref and hash go together");
    }
    if (rows != null && rows < 0) {
      throw new IllegalArgumentException("Invalid lock of " + table + ": negative rows " + rows);
    }
  }

  /** The oldest lock file format version that holds every field this lock uses. */
  static int versionFor(boolean filtered, Split split, Long shuffleSeed, String nessieHash) {
    if (nessieHash != null) {
      return 3;
    }
    return !filtered && split == null && shuffleSeed == null ? 1 : 2;
  }

  /** The table as a name to resolve: at the pinned Nessie commit in nessie mode. */
  String source() {
    return nessieHash == null ? table : table + "@" + nessieRef + "#" + nessieHash;
  }

  /** A short name for output folders and messages: the table, with its branch unless main. */
  public String label() {
    String on = nessieRef != null ? nessieRef : ref;
    return org.apache.iceberg.SnapshotRef.MAIN_BRANCH.equals(on) ? table : table + "@" + on;
  }

  /**
   * Reads a lock file of one table; a missing file, bad JSON, a missing field or a lock file of
   * several tables throws {@link dev.floe.catalog.exceptions.LockFileException} naming the file and
   * the reason. {@link LockFile#read} reads lock files of one or several tables.
   */
  public static TrainingLock read(Path path) {
    LockFile file = LockFiles.read(path);
    if (file.locks().size() != 1) {
      throw new dev.floe.catalog.exceptions.LockFileException(
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
