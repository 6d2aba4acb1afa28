package dev.floe.timetravel;

import dev.floe.lockformat.Digests;
import dev.floe.lockformat.Lock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * The content digest of the rows a lock reads from one data file (see {@code docs/digest.md}): what
 * {@link TimeTravel#verify} with {@code deep} and a rehydration check file by file. A lock's {@link
 * TrainingLock#contentDigest()} is the root over all of them.
 *
 * <p>In a lock of format 5 ({@code floe-digest/2}) the file digest is taken over its {@link Unit}s,
 * the file's physical row groups (Parquet) or stripes (ORC), each a range of row positions with a
 * digest of its own; a reader can check, and a sharded read can hand out, one unit at a time. In a
 * lock of format 4 ({@code floe-digest/1}) the file is one digest and {@code units} is empty.
 *
 * @param path the data file's location, as the table's metadata names it
 * @param rows the rows read from it (after delete files and the lock's filter)
 * @param digest lower-case hex SHA-256
 * @param units the file's units in file order ({@code floe-digest/2}); empty for {@code /1}
 */
public record FileDigest(String path, long rows, String digest, List<Unit> units) {
  public FileDigest {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(digest, "digest");
    units = List.copyOf(Objects.requireNonNull(units, "units"));
    Preconditions.checkArgument(
        rows >= 0, "Invalid file digest of %s: negative rows %s", path, rows);
    checkHex(path, digest);
    long offset = 0;
    long unitRows = 0;
    for (Unit unit : units) {
      Preconditions.checkArgument(
          unit.offset() == offset,
          "Invalid file digest of %s: unit %s starts at row %s, expected %s (units cover the file"
              + " in order)",
          path,
          unit.range(),
          unit.offset(),
          offset);
      offset += unit.count();
      unitRows += unit.rows();
    }
    Preconditions.checkArgument(
        units.isEmpty() || unitRows == rows,
        "Invalid file digest of %s: its units hold %s rows, the file %s",
        path,
        unitRows,
        rows);
  }

  /** A {@code floe-digest/1} file digest: one digest over the whole file, no units. */
  public FileDigest(String path, long rows, String digest) {
    this(path, rows, digest, List.of());
  }

  /**
   * One digest unit of a data file ({@code floe-digest/2}): the physical rows at positions {@code
   * [offset, offset + count)} of the file (a Parquet row group, an ORC stripe, or a whole file of
   * another format), of which {@code rows} survive the file's deletes and the lock's row filter;
   * {@code digest} is the {@code floe-digest/1} formula over those rows.
   *
   * <p>{@code parts}, in a lock with a split, holds per part the unit's rows that fall in it and
   * their digest (the same formula over those rows only), so a shard of one part checks the very
   * rows it hands out: the unit's own digest cannot tell that an edited split seed picks other
   * rows. Empty in older locks and without a split; else it names every part.
   */
  public record Unit(
      long offset, long count, long rows, String digest, Map<Split.Part, PartRows> parts) {
    public Unit {
      Objects.requireNonNull(digest, "digest");
      Preconditions.checkArgument(
          offset >= 0 && count >= 0 && rows >= 0 && rows <= count,
          "Invalid digest unit at row %s: %s physical rows, %s read",
          offset,
          count,
          rows);
      checkHex("unit at row " + offset, digest);
      Objects.requireNonNull(parts, "parts");
      // EnumMap's copy constructor refuses an empty map that is not an EnumMap.
      parts =
          Collections.unmodifiableMap(
              parts.isEmpty() ? new EnumMap<>(Split.Part.class) : new EnumMap<>(parts));
      if (!parts.isEmpty()) {
        Preconditions.checkArgument(
            parts.size() == Split.Part.values().length,
            "Invalid digest unit at row %s: its parts are %s, expected every part of the split",
            offset,
            parts.keySet());
        long sum = parts.values().stream().mapToLong(PartRows::rows).sum();
        Preconditions.checkArgument(
            sum == rows,
            "Invalid digest unit at row %s: its parts hold %s rows, the unit %s",
            offset,
            sum,
            rows);
      }
    }

    /** A unit without per-part digests. */
    public Unit(long offset, long count, long rows, String digest) {
      this(offset, count, rows, digest, Map.of());
    }

    /** This unit with {@code newParts}. */
    public Unit withParts(Map<Split.Part, PartRows> newParts) {
      return new Unit(offset, count, rows, digest, newParts);
    }

    /** The unit as the given part's rows alone: their count and digest, same offset and count. */
    Unit part(Split.Part part) {
      PartRows of = parts.get(part);
      return new Unit(offset, count, of.rows(), of.digest());
    }

    /** Whether offset, count, rows and digest are {@code other}'s (parts aside). */
    boolean sameRows(Unit other) {
      return offset == other.offset
          && count == other.count
          && rows == other.rows
          && digest.equals(other.digest);
    }

    /** The unit's row positions as people write them: {@code rows 0-131071}. */
    public String range() {
      return count == 0
          ? "rows " + offset + "-" + offset + " (none)"
          : "rows " + range(offset, count);
    }

    static String range(long offset, long count) {
      return offset + "-" + (offset + count - 1);
    }
  }

  /** One part's rows of a digest unit: how many, and their {@code floe-digest/1} digest. */
  public record PartRows(long rows, String digest) {
    public PartRows {
      Objects.requireNonNull(digest, "digest");
      Preconditions.checkArgument(rows >= 0, "Invalid part rows: %s", rows);
      checkHex("a part", digest);
    }
  }

  private static void checkHex(String what, String digest) {
    Preconditions.checkArgument(
        digest.matches("[0-9a-f]{64}"),
        "Invalid file digest of %s: '%s' is not 64 lower-case hex digits",
        what,
        digest);
  }

  /**
   * The {@code floe-digest/2} file digest over {@code units}, as lower-case hex: SHA-256 of the
   * ASCII bytes {@code floe-file/2}, the unit count, then per unit its offset, count and rows (each
   * 8 bytes, little-endian) and its 32 digest bytes.
   */
  public static String over(List<Unit> units) {
    return Digests.fileOfUnits(
        units.stream()
            .map(
                unit ->
                    new Lock.Unit(
                        unit.offset(), unit.count(), unit.rows(), unit.digest(), Map.of()))
            .toList());
  }

  /**
   * The root over per-file digests in the lock's file order, as lower-case hex: SHA-256 of the
   * ASCII bytes {@code floe-root/1}, the file count as an 8-byte little-endian integer, then per
   * file its row count (8 bytes, little-endian) and its 32 digest bytes. Paths are not part of it,
   * so a relocated table keeps its root.
   */
  public static String root(List<FileDigest> files) {
    return Digests.root(
        files.stream()
            .map(file -> new Lock.FileEntry(file.path(), file.rows(), file.digest(), List.of()))
            .toList());
  }
}
