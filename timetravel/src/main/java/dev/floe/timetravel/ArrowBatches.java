package dev.floe.timetravel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.arrow.ArrowSchemaUtil;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * Iterates Arrow batches. The {@link VectorSchemaRoot} returned by {@code next()} is owned by this
 * object and reused: valid until the next call to {@code next()} or {@link #close()}. Close with
 * try-with-resources; that releases all buffers and open files. Iterable once.
 *
 * <p>Every row read is also added to {@link #contentDigest()}, which is final once iteration is
 * exhausted.
 */
public final class ArrowBatches implements Iterable<VectorSchemaRoot>, AutoCloseable {
  private final CloseableIterable<Record> records;
  private final VectorSchemaRoot root;
  private final List<ArrowWriters.ValueWriter> writers = new ArrayList<>();
  private final int batchSize;
  private final ContentDigest digest = new ContentDigest();
  private final Consumer<String> onExhausted;
  private Iterator<Record> rows;
  private long rowsRead;
  private boolean closed;

  /**
   * Takes ownership of {@code records}. {@code onExhausted} gets the final content digest once the
   * last batch has been handed out; it may throw to reject the data.
   */
  ArrowBatches(
      org.apache.iceberg.Schema schema,
      CloseableIterable<Record> records,
      BufferAllocator allocator,
      int batchSize,
      Consumer<String> onExhausted) {
    for (Types.NestedField column : schema.columns()) {
      ArrowWriters.check(column.type(), column.name());
    }
    this.records = records;
    this.batchSize = batchSize;
    this.onExhausted = onExhausted;
    this.root = VectorSchemaRoot.create(ArrowSchemaUtil.convert(schema), allocator);
    try {
      List<FieldVector> vectors = root.getFieldVectors();
      for (int i = 0; i < vectors.size(); i++) {
        Types.NestedField column = schema.columns().get(i);
        vectors.get(i).setInitialCapacity(batchSize);
        writers.add(ArrowWriters.of(vectors.get(i), column.type(), column.name()));
      }
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  public Schema schema() {
    return root.getSchema();
  }

  public long rowsRead() {
    return rowsRead;
  }

  /** Hex SHA-256 over every value read so far, in order; final once iteration is exhausted. */
  public String contentDigest() {
    return digest.hex();
  }

  /** The single pass over the batches; a second call throws. */
  @Override
  public Iterator<VectorSchemaRoot> iterator() {
    if (closed) {
      throw new IllegalStateException("Cannot iterate Arrow batches: already closed");
    }
    if (rows != null) {
      throw new IllegalStateException("Cannot iterate Arrow batches twice: they stream once");
    }
    rows = records.iterator();
    root.allocateNew();
    return new Iterator<>() {
      private boolean exhausted;

      // Looks ahead in the rows only: the current batch stays valid until next().
      @Override
      public boolean hasNext() {
        if (closed || exhausted) {
          return false;
        }
        if (rows.hasNext()) {
          return true;
        }
        exhausted = true;
        onExhausted.accept(digest.hex());
        return false;
      }

      @Override
      public VectorSchemaRoot next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        fill();
        return root;
      }
    };
  }

  private void fill() {
    root.getFieldVectors().forEach(FieldVector::reset);
    int count = 0;
    while (count < batchSize && rows.hasNext()) {
      Record row = rows.next();
      for (int i = 0; i < writers.size(); i++) {
        writers.get(i).write(count, row.get(i));
      }
      digest.update(row);
      count++;
    }
    root.setRowCount(count);
    rowsRead += count;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      records.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close data files", e);
    } finally {
      root.close();
    }
  }
}
