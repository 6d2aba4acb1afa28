package dev.floe.timetravel;

import dev.floe.columnar.RowAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriter;

/** The files {@link PartsExport} writes a part into: Parquet, or Arrow IPC (file or stream). */
final class PartSinks {
  private PartSinks() {}

  /** Parquet files as {@link ParquetExport} writes them, with the table's field ids. */
  static PartsExport.SinkFactory parquet(Table table) {
    return (path, projection) ->
        new ParquetSink(ParquetExport.newWriter(table, projection, path), path);
  }

  /** Arrow IPC files ({@code stream}: the stream format) of batches of {@code batchSize} rows. */
  static PartsExport.SinkFactory arrow(BufferAllocator allocator, int batchSize, boolean stream) {
    return (path, projection) -> new ArrowSink(projection, allocator, batchSize, path, stream);
  }

  private static final class ParquetSink implements PartsExport.Sink {
    private final DataWriter<Record> writer;
    private final Path path;
    private boolean closed;

    ParquetSink(DataWriter<Record> writer, Path path) {
      this.writer = writer;
      this.path = path;
    }

    @Override
    public void add(Record row) {
      writer.write(row);
    }

    @Override
    public void finish() throws IOException {
      closed = true;
      writer.close();
      ParquetFooters.canonicalize(path);
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        try {
          writer.close();
        } catch (IOException e) {
          // The export already failed; its staged file is deleted, this error adds nothing.
        }
      }
    }
  }

  private static final class ArrowSink implements PartsExport.Sink {
    private final VectorSchemaRoot root;
    private final RowAppender rows;
    private final int batchSize;
    private ArrowWriter writer;
    private boolean closed;
    private int count;

    ArrowSink(
        Schema projection, BufferAllocator allocator, int batchSize, Path path, boolean stream)
        throws IOException {
      this.batchSize = batchSize;
      this.root = ArrowBatches.newRoot(projection, allocator, batchSize);
      this.rows = RowAppender.into(root, projection);
      FileChannel channel = null;
      try {
        channel = ArrowExport.create(path);
        this.writer = ArrowExport.start(root, channel, stream);
      } catch (IOException | RuntimeException e) {
        if (channel != null) {
          channel.close();
        }
        root.close();
        throw e;
      }
    }

    @Override
    public void add(Record row) {
      rows.append(row);
      if (++count == batchSize) {
        flush();
      }
    }

    private void flush() {
      rows.finish();
      try {
        writer.writeBatch();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      rows.reset();
      count = 0;
    }

    @Override
    public void finish() throws IOException {
      if (count > 0) {
        flush();
      }
      writer.end();
      close();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        writer.close(); // closes the channel too
        root.close();
      }
    }
  }
}
