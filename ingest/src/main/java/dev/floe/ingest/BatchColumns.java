package dev.floe.ingest;

import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.RowAppender;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.Record;

/**
 * A checked batch held as Arrow vectors in the write schema's layout ({@link ArrowLayout#of}): what
 * the partition writers take. Each row is checked and converted once ({@link RowConverter}, the
 * same checks and messages as ever) and appended column by column; the converted records are not
 * kept (a column profile is computed from the vectors, while they are encoded: {@link BatchFiles}).
 *
 * <p>Owns {@link #root}: close this once the batch's files are written, or once it failed.
 *
 * @param estimatedBytes a bound for grouping, sized from the first row: not an accounting figure
 */
record BatchColumns(VectorSchemaRoot root, long estimatedBytes) implements AutoCloseable {

  /**
   * Converts every record of {@code batch} to {@code schema} into vectors from {@code allocator};
   * throws naming the row and column of the first bad value, with nothing allocated left behind.
   */
  static BatchColumns convert(
      Schema schema, Batch sent, String producer, BufferAllocator allocator) {
    Batch batch = sent;
    ArrowRows.View columns = batch.columns();
    if (columns != null && batch.schema().sameSchema(schema)) {
      return ArrowColumns.copy(schema, columns, allocator);
    } else if (columns != null) {
      // Rare: the table changed since the batch was checked: its rows as records of the schema
      // they were checked against, converted below like any records.
      try (BatchColumns checked = ArrowColumns.copy(batch.schema(), columns, allocator)) {
        batch =
            batch.withRecords(batch.schema(), ArrowColumns.records(batch.schema(), checked.root()));
      }
    }
    RowConverter converter =
        new RowConverter(schema, batch.schema(), BatchFiles.describe(batch, producer));
    List<Record> records = batch.records();
    VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(schema), allocator);
    try {
      RowAppender appender = RowAppender.into(root, schema);
      long estimate = 0;
      for (int row = 0; row < records.size(); row++) {
        Record converted = converter.convert(records.get(row), row);
        if (row == 0) {
          estimate = records.size() * estimate(converted);
        }
        appender.append(converted);
      }
      appender.finish();
      return new BatchColumns(root, estimate);
    } catch (RuntimeException | Error e) {
      root.close();
      throw e;
    }
  }

  /** The writer's allocator: a child of {@code parent}, or a root of its own when that is null. */
  static BufferAllocator allocator(BufferAllocator parent, String producer) {
    return parent == null
        ? new RootAllocator()
        : parent.newChildAllocator("floe-writer-" + producer, 0, Long.MAX_VALUE);
  }

  int rowCount() {
    return root.getRowCount();
  }

  @Override
  public void close() {
    root.close();
  }

  private static long estimate(Object value) {
    if (value instanceof StructLike struct) {
      long size = 0;
      for (int i = 0; i < struct.size(); i++) {
        size += estimate(struct.get(i, Object.class));
      }
      return size;
    } else if (value instanceof Collection<?> items) {
      return 4 + items.size() * (items.isEmpty() ? 0 : estimate(items.iterator().next()));
    } else if (value instanceof Map<?, ?> map) {
      return 4 + map.size() * 16L;
    } else if (value instanceof CharSequence text) {
      return 4 + text.length();
    } else if (value instanceof ByteBuffer buffer) {
      return 4 + buffer.remaining();
    }
    return 8;
  }
}
