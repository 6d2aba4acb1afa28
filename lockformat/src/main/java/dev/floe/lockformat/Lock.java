package dev.floe.lockformat;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an engine other than Floe needs of one table's training lock to read exactly the pinned rows
 * and check them: the snapshot, the schema and columns, the files' fingerprint, the row filter
 * (Iceberg expression JSON), the split and the per-file digests. Read with {@link
 * LockParser#parse}; Floe's own {@code TrainingLock} writes the file.
 *
 * @param digestAlgorithm {@code floe-digest/1} or {@code floe-digest/2} for locks with per-file
 *     digests (format 4 on); null before, when only the whole-read digest exists
 * @param filter the row filter as Iceberg expression JSON, or null for all rows
 * @param split the deterministic split, or null for none
 * @param rows the rows the lock reads (all parts), or null when unknown
 * @param files the per-file digests in lock order (by location); empty before format 4
 */
public record Lock(
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
    String digestAlgorithm,
    String tag,
    String filter,
    Split split,
    Long shuffleSeed,
    String nessieRef,
    String nessieHash,
    Long rows,
    List<FileEntry> files)
    implements Serializable {
  public static final String DIGEST_1 = "floe-digest/1";
  public static final String DIGEST_2 = "floe-digest/2";

  public Lock {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(ref, "ref");
    columns = List.copyOf(columns);
    Objects.requireNonNull(fingerprint, "fingerprint");
    files = List.copyOf(files);
  }

  /** The three parts of a split, in the order their fractions are laid out on [0, 1). */
  public enum Part {
    TRAIN,
    VALIDATION,
    TEST
  }

  /** A split by a hash of a top-level key column (see {@link SplitHash}). */
  public record Split(String keyColumn, double train, double validation, double test, long seed)
      implements Serializable {
    public Split {
      Objects.requireNonNull(keyColumn, "keyColumn");
    }

    /** The part a row with this key falls in; a null key always goes to training. */
    public Part partOf(Object key) {
      if (key == null) {
        return Part.TRAIN;
      }
      double position = SplitHash.position(seed, keyColumn, key);
      if (position < train) {
        return Part.TRAIN;
      }
      return position < train + validation ? Part.VALIDATION : Part.TEST;
    }
  }

  /**
   * One data file's digest.
   *
   * @param rows the rows read from it (after deletes and the filter)
   * @param units the file's units under {@code floe-digest/2}; empty under {@code /1}
   */
  public record FileEntry(String path, long rows, String digest, List<Unit> units)
      implements Serializable {
    public FileEntry {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(digest, "digest");
      units = List.copyOf(units);
    }
  }

  /**
   * A {@code floe-digest/2} unit: the row positions {@code [offset, offset + count)} of a file (a
   * Parquet row group, an ORC stripe, or all of another format's file).
   *
   * @param rows the rows of the unit that survive deletes and the filter
   * @param parts the unit's rows of each split part and their digest; empty in a lock pinned before
   *     they came in (or without a split)
   */
  public record Unit(long offset, long count, long rows, String digest, Map<Part, PartRows> parts)
      implements Serializable {
    public Unit {
      Objects.requireNonNull(digest, "digest");
      parts = Map.copyOf(parts);
    }

    /** The unit's positions as a mismatch names them: {@code rows 0-99 of <path>}. */
    public String describe(String path) {
      return "rows " + offset + "-" + (offset + count - 1) + " of " + path;
    }
  }

  /**
   * A unit's rows of one split part, in file order, and their digest (the {@code floe-digest/1}
   * formula over them, as over a unit's rows): what a reader of a part checks the rows it picks by
   * the split against, so that an edited split fails.
   */
  public record PartRows(long rows, String digest) implements Serializable {
    public PartRows {
      Objects.requireNonNull(digest, "digest");
    }
  }
}
