package dev.floe.timetravel;

import dev.floe.lockformat.Digests;
import dev.floe.lockformat.Lock;
import java.util.List;
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
   */
  public record Unit(long offset, long count, long rows, String digest) {
    public Unit {
      Objects.requireNonNull(digest, "digest");
      Preconditions.checkArgument(
          offset >= 0 && count >= 0 && rows >= 0 && rows <= count,
          "Invalid digest unit at row %s: %s physical rows, %s read",
          offset,
          count,
          rows);
      checkHex("unit at row " + offset, digest);
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
            .map(unit -> new Lock.Unit(unit.offset(), unit.count(), unit.rows(), unit.digest()))
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
