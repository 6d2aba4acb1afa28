package dev.floe.timetravel;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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
    Instant pinnedAt) {
  /** The lock file format this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public TrainingLock {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(ref, "ref");
    columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(pinnedAt, "pinnedAt");
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
