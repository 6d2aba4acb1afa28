package dev.floe.timetravel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The content digest of one data file (specified in {@code docs/digest.md}): the rows read from the
 * file, in file order, hashed column by column straight from the Arrow buffers. Each column
 * contributes byte streams (validity bits, values, lengths), each hashed with its own SHA-256, so a
 * batch adds whole buffer ranges to a stream in one call. Everything that depends on how rows were
 * batched or allocated is canonicalised first: bits are re-packed from the unit's first row,
 * offsets become lengths, bytes under nulls count as zeros.
 *
 * <p>{@code floe-digest/1} hashes the file as one unit. {@code floe-digest/2} is given the physical
 * row count of each unit (row group, stripe) and the file position of every row read, hashes each
 * unit on its own and tells a {@link UnitCheck} as each one ends: rows of a unit are known complete
 * once a row of a later unit arrives, or the file ends. Not thread-safe: one digester per file,
 * used on the thread that decodes that file.
 */
final class FileDigester {
  static final String FORMAT = "floe-digest/1";

  /** Told each unit once its rows are all hashed, in order; may throw to reject it. */
  interface UnitCheck {
    void finished(int index, FileDigest.Unit unit);
  }

  private final String path;
  private final List<Field> fields;
  private final long[] counts; // physical rows per unit; null for floe-digest/1
  private final UnitCheck check;
  private final List<FileDigest.Unit> units = new ArrayList<>();
  private List<DigestNode> columns;
  private long rows;
  private long unitRows;
  private int unit;
  private long unitEnd; // position after the current unit's last row
  private long next; // position of the next row, were it not filtered

  /**
   * A digester for rows of the Arrow schema {@code fields} of {@code path}: of {@code
   * floe-digest/1} when {@code counts} is null, else of {@code /2} over units of these physical row
   * counts.
   */
  FileDigester(String path, List<Field> fields, long[] counts, UnitCheck check) {
    this.path = path;
    this.fields = List.copyOf(fields);
    this.counts = counts == null ? null : counts.clone();
    this.check = check;
    this.columns = newColumns();
    this.unitEnd = counts == null || counts.length == 0 ? 0 : counts[0];
  }

  private List<DigestNode> newColumns() {
    return fields.stream().map(DigestNode::of).toList();
  }

  /**
   * Adds every row of {@code root}, after those added before; {@code positions} are their positions
   * in the file, or null when they follow the previous rows without a gap (from 0).
   */
  void update(VectorSchemaRoot root, long[] positions) {
    List<FieldVector> vectors = root.getFieldVectors();
    int count = root.getRowCount();
    if (counts == null) {
      add(vectors, 0, count);
      return;
    }
    int start = 0;
    while (start < count) {
      long position = positions == null ? next : positions[start];
      if (position < next) {
        throw new IllegalStateException(
            String.format(
                "Cannot digest %s: row position %s comes after %s", path, position, next - 1));
      }
      while (unit < counts.length && position >= unitEnd) {
        finishUnit();
      }
      if (unit == counts.length) {
        throw new IllegalStateException(
            String.format(
                "Cannot digest %s: row position %s is past its last unit (%s rows in %s units)",
                path, position, unitEnd, counts.length));
      }
      int end = start + 1;
      if (positions == null) {
        end = (int) Math.min(count, start + (unitEnd - position));
      } else {
        while (end < count && positions[end] < unitEnd) {
          end++;
        }
      }
      add(vectors, start, end - start);
      next = positions == null ? position + (end - start) : positions[end - 1] + 1;
      start = end;
    }
  }

  private void add(List<FieldVector> vectors, int start, int count) {
    for (int i = 0; i < columns.size(); i++) {
      columns.get(i).update(vectors.get(i), start, count);
    }
    rows += count;
    unitRows += count;
  }

  private void finishUnit() {
    FileDigest.Unit done =
        new FileDigest.Unit(unitEnd - counts[unit], counts[unit], unitRows, digest(unitRows));
    check.finished(unit, done);
    units.add(done);
    unit++;
    unitRows = 0;
    if (unit < counts.length) {
      unitEnd += counts[unit];
      columns = newColumns();
    }
  }

  long rows() {
    return rows;
  }

  /** Index of the unit the last row added belongs to (0 for {@code floe-digest/1}). */
  int currentUnit() {
    return unit;
  }

  /** How many units are hashed and were accepted by the check. */
  int finishedUnits() {
    return units.size();
  }

  /** The units, once {@link #finish} was called; empty for {@code floe-digest/1}. */
  List<FileDigest.Unit> units() {
    return List.copyOf(units);
  }

  /** The file's digest, as lower-case hex; call once, after the last batch. */
  String finish() {
    if (counts == null) {
      return digest(rows);
    }
    while (unit < counts.length) {
      finishUnit();
    }
    return FileDigest.over(units);
  }

  /** The result as a {@link FileDigest} of {@code path}; call once, after the last batch. */
  FileDigest fileDigest() {
    String digest = finish();
    return new FileDigest(path, rows, digest, units);
  }

  // The floe-digest/1 formula over the current columns.
  private String digest(long count) {
    MessageDigest sha = SnapshotFiles.sha256();
    sha.update(FORMAT.getBytes(StandardCharsets.US_ASCII));
    sha.update(le(count));
    List<DigestStream> streams = new ArrayList<>();
    columns.forEach(column -> column.streams(streams));
    for (DigestStream stream : streams) {
      byte[] digest = stream.finish();
      sha.update(le(stream.length()));
      sha.update(digest);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  static byte[] le(long value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }
}
