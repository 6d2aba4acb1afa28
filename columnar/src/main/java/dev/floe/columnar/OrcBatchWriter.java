package dev.floe.columnar;

import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.FieldMetrics;
import org.apache.iceberg.Schema;
import org.apache.iceberg.orc.OrcRowWriter;
import org.apache.iceberg.orc.OrcValueWriter;
import org.apache.orc.storage.ql.exec.vector.VectorizedRowBatch;

/**
 * The row writer Iceberg's ORC appender calls, fed runs of Arrow rows ({@link OrcRows}) instead of
 * records: going through the appender keeps Iceberg's ORC schema, writer options, file length
 * estimate, split offsets and {@code OrcMetrics} exactly, with the NaN metrics tracked here.
 *
 * <p>One per file, so the float metrics start afresh with each file.
 */
final class OrcBatchWriter implements OrcRowWriter<OrcRows> {
  private final List<OrcColumn> columns;
  private int[] rows = new int[0];

  OrcBatchWriter(Schema schema) {
    this.columns = OrcColumn.of("", schema.asStruct());
  }

  @Override
  public void write(OrcRows input, VectorizedRowBatch batch) {
    int n = input.take(batch.getMaxSize() - batch.size);
    if (rows.length < n) {
      rows = new int[n];
    }
    input.next(n, rows);
    for (int i = 0; i < columns.size(); i++) {
      OrcColumn column = columns.get(i);
      try {
        column.copy(input.columns().get(i), rows, n, batch.cols[i], batch.size);
      } catch (IllegalArgumentException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            String.format("Cannot write column %s: %s", column.name(), e), e);
      }
    }
    batch.size += n;
  }

  /** Not used for data files: Iceberg asks for value writers only to wrap position deletes. */
  @Override
  public List<OrcValueWriter<?>> writers() {
    return List.of();
  }

  @Override
  public Stream<FieldMetrics<?>> metrics() {
    return columns.stream().flatMap(OrcColumn::metrics);
  }
}
