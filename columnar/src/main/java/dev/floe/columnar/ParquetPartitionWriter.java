package dev.floe.columnar;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.io.OutputFile;

/**
 * The Parquet {@link PartitionWriter}: rows from Arrow vectors into Parquet files through
 * parquet-java's column writers, rolling as Iceberg's RollingDataWriter does (every 1000 rows of a
 * file, a new file once the bytes written plus those buffered reach the target size).
 *
 * <p>A write that fails in a row (a null in a required column, a decimal too wide) may leave a row
 * half-written, so the writer refuses to finish after it: close it, which deletes every file it
 * wrote. A bad layout or a bad {@code order} entry is found before any row of the batch is written,
 * and leaves the writer as it was.
 */
final class ParquetPartitionWriter extends RollingPartitionWriter {
  private final ParquetWriteSettings settings;
  private final org.apache.arrow.vector.types.pojo.Schema layout;
  private ParquetColumnFile current;

  ParquetPartitionWriter(ColumnarFiles files, StructLike partition, ProvenanceLog provenance) {
    super(files, partition, provenance);
    this.settings = ParquetWriteSettings.of(files.table(), files.properties(), files.schema());
    this.layout = ArrowLayout.of(files.schema());
    // An unsupported type fails here, naming its column, before any file exists.
    ArrowFieldWriters.of(files.schema(), settings.type(), layout);
  }

  @Override
  public void write(VectorSchemaRoot columns, int[] order, int from, int to) {
    int rows = columns.getRowCount();
    checkWrite(order, from, to, order == null ? rows : order.length);
    List<FieldVector> vectors = columns.getFieldVectors();
    LayoutCheck.check(layout, vectors, rows);
    if (from == to) {
      return;
    }
    checkOrder(order, from, to, rows);
    if (current == null) {
      current = newFile();
    }
    // Checks each vector's class, which the writers cast to, and the nested lengths.
    current.bind(vectors, rows);
    try {
      int at = from;
      while (at < to) {
        // Up to the next row at which the file's size is checked, as row by row.
        int end = (int) Math.min(to, at + ROWS_DIVISOR - current.records() % ROWS_DIVISOR);
        current.write(order, at, end);
        at = end;
        if (current.records() % ROWS_DIVISOR == 0 && current.length() >= files.targetFileSize()) {
          roll();
          current = newFile();
          current.bind(vectors, rows);
        }
      }
    } catch (RuntimeException e) {
      failed(e);
      throw e;
    }
  }

  @Override
  boolean hasOpenFile() {
    return current != null;
  }

  @Override
  long openFileRecords() {
    return current.records();
  }

  @Override
  DataFile closeOpenFile() {
    // Kept open until closed, so that a failed close is aborted too.
    DataFile file = current.close(spec, partition, provenanceOf(current.records()));
    current = null;
    return file;
  }

  @Override
  void abortOpenFile() {
    ParquetColumnFile file = current;
    current = null;
    file.abort();
  }

  private ParquetColumnFile newFile() {
    OutputFile output = newOutputFile().encryptingOutputFile();
    return new ParquetColumnFile(
        settings, output, ArrowFieldWriters.of(files.schema(), settings.type(), layout));
  }

  private static void checkOrder(int[] order, int from, int to, int rows) {
    if (order != null) {
      for (int k = from; k < to; k++) {
        if (order[k] < 0 || order[k] >= rows) {
          throw new IllegalArgumentException(
              String.format("Invalid row %s in order[%s]: the batch has %s", order[k], k, rows));
        }
      }
    }
  }
}
