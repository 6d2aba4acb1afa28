package dev.floe.timetravel;

import dev.floe.columnar.RowAppender;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/** The row path: Iceberg generic records of one file, copied value by value into Arrow. */
final class RecordBatches implements FileBatches {
  private final CloseableIterable<Record> records;
  private final RowAppender appender;
  private final int batchSize;
  private final int width;
  private final long[] positions; // of the last batch's rows; null when not carried
  private int position = -1; // the index of the _pos value in a record
  private Iterator<Record> rows;

  /**
   * Takes ownership of {@code records}; {@code appender} writes the first {@code width} values of
   * each record (the projection; columns after them only served the row filter) into the root. With
   * {@code positioned}, the records carry Iceberg's {@code _pos} column, handed out as {@link
   * #positions()}.
   */
  RecordBatches(
      CloseableIterable<Record> records,
      RowAppender appender,
      int batchSize,
      int width,
      boolean positioned) {
    this.records = records;
    this.appender = appender;
    this.batchSize = batchSize;
    this.width = width;
    this.positions = positioned ? new long[batchSize] : null;
  }

  @Override
  public boolean hasNext() {
    if (rows == null) {
      rows = records.iterator();
    }
    return rows.hasNext();
  }

  @Override
  public int next(VectorSchemaRoot root, ContentDigest digest) {
    appender.reset();
    int count = 0;
    while (count < batchSize && hasNext()) {
      Record row = rows.next();
      appender.append(row);
      if (digest != null) {
        digest.update(row, width);
      }
      if (positions != null) {
        positions[count] = (Long) row.get(positionIndex(row));
      }
      count++;
    }
    appender.finish();
    return count;
  }

  // Found once: every record of a file has the same fields (delete filters add columns after ours).
  private int positionIndex(Record row) {
    if (position < 0) {
      List<Types.NestedField> fields = row.struct().fields();
      for (int i = 0; i < fields.size() && position < 0; i++) {
        if (fields.get(i).fieldId() == MetadataColumns.ROW_POSITION.fieldId()) {
          position = i;
        }
      }
      if (position < 0) {
        throw new IllegalStateException("Cannot tell row positions: the records carry no _pos");
      }
    }
    return position;
  }

  @Override
  public long[] positions() {
    return positions;
  }

  @Override
  public boolean vectorized() {
    return false;
  }

  @Override
  public void close() {
    FileBatches.close(records);
  }
}
