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
 * @param fingerprint hex SHA-256 over the snapshot's data files (path, size, records) by path
 * @param contentDigest hex SHA-256 over every value read, or null when not computed
 * @param tag the tag that keeps the snapshot from being expired
 * @param filter the row filter read, as Iceberg expression JSON ({@code ExpressionParser}), or null
 *     for all rows; locks of format version 1 have none
 * @param split the deterministic train/validation/test split, or null for none
 * @param splitDigests the content digest of each part of the split (empty without one)
 * @param shuffleSeed the seed of the row order shuffle, or null for file order
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
    Long shuffleSeed) {
  /**
   * The newest lock file format this code writes and reads. Version 2 added {@code filter}, {@code
   * split} and {@code shuffleSeed}; a lock without them is still written as version 1, so older
   * Floe versions keep reading it.
   */
  public static final int FORMAT_VERSION = 2;

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
  }

  /**
   * Reads a lock file; a missing file, bad JSON or a missing field throws {@link
   * dev.floe.catalog.exceptions.LockFileException} naming the file and the reason.
   */
  public static TrainingLock read(Path path) {
    return LockFiles.read(path);
  }

  /** Writes this lock as pretty JSON, atomically: readers see the old file or the new one. */
  public void write(Path path) {
    LockFiles.write(this, path);
  }
}
