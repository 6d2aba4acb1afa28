package dev.floe.timetravel;

import java.util.Iterator;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** The row path: Iceberg generic records of one file, copied value by value into Arrow. */
final class RecordBatches implements FileBatches {
  private final CloseableIterable<Record> records;
  private final List<ArrowWriters.ValueWriter> writers;
  private final int batchSize;
  private final int width;
  private Iterator<Record> rows;

  /**
   * Takes ownership of {@code records}; {@code writers} write the first {@code width} values of
   * each record (the projection; columns after them only served the row filter) into the root.
   */
  RecordBatches(
      CloseableIterable<Record> records,
      List<ArrowWriters.ValueWriter> writers,
      int batchSize,
      int width) {
    this.records = records;
    this.writers = writers;
    this.batchSize = batchSize;
    this.width = width;
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
    root.getFieldVectors().forEach(FieldVector::reset);
    int count = 0;
    while (count < batchSize && hasNext()) {
      Record row = rows.next();
      for (int i = 0; i < writers.size(); i++) {
        writers.get(i).write(count, row.get(i));
      }
      if (digest != null) {
        digest.update(row, width);
      }
      count++;
    }
    root.setRowCount(count);
    return count;
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
