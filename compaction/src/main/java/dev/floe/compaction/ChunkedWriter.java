package dev.floe.compaction;

import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.ColumnarFiles;
import dev.floe.columnar.Contribution;
import dev.floe.columnar.PartitionWriter;
import dev.floe.columnar.ProvenanceLog;
import dev.floe.columnar.RowAppender;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.Record;

/**
 * Writes rows of one partition through the columnar writers: rows are appended into one reused set
 * of vectors and written a chunk at a time, so no row object outlives its chunk.
 *
 * <p>Use with try-with-resources: {@link #close()} without {@link #finish()} deletes every file
 * written, as {@link PartitionWriter#close()} does.
 */
final class ChunkedWriter implements GroupRewriter.RowSink {
  /** Rows per chunk: enough to amortize a write call, few enough to keep wide rows in memory. */
  static final int CHUNK_ROWS = 16_384;

  private static final Contribution UNKNOWN = Contribution.unknown(0);

  private final Schema schema;
  private final VectorSchemaRoot root;
  private final PartitionWriter writer;
  private final ProvenanceLog provenance = new ProvenanceLog();
  private RowAppender appender;

  /**
   * A writer of {@code partition} (an unpartitioned spec's partition is ignored), with vectors from
   * {@code allocator} that {@link #close()} frees.
   */
  ChunkedWriter(ColumnarFiles files, StructLike partition, BufferAllocator allocator) {
    this.schema = files.schema();
    this.root = VectorSchemaRoot.create(ArrowLayout.of(schema), allocator);
    try {
      this.writer = files.open(files.spec().isUnpartitioned() ? null : partition, provenance);
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
    this.appender = RowAppender.into(root, schema);
  }

  /**
   * Appends a row whose first positions are the schema's top-level columns; later ones are not
   * written.
   */
  @Override
  public void write(Record row) {
    write(row, UNKNOWN);
  }

  /** Appends a row as {@link #write(Record)} does, logging its origin for the files' provenance. */
  @Override
  public void write(Record row, Contribution origin) {
    provenance.add(origin, 1);
    appender.append(row);
    if (appender.rows() >= CHUNK_ROWS) {
      flush();
    }
  }

  /**
   * Writes rows {@code order[0..rows)} of {@code columns} (rows {@code 0..rows} with a null order),
   * laid out as this writer's schema says, after the rows appended so far; {@code origins[i]} is
   * the origin of row {@code i} of {@code columns}, logged in the order the rows are written.
   */
  void write(VectorSchemaRoot columns, int[] order, int rows, Contribution[] origins) {
    flush();
    for (int k = 0; k < rows; k++) {
      provenance.add(origins[order == null ? k : order[k]], 1);
    }
    writer.write(columns, order, 0, rows);
  }

  @Override
  public void losePositions() {
    provenance.losePositions();
  }

  /** Writes the rows still held and returns every file written, with Iceberg's metrics. */
  @Override
  public List<DataFile> finish() {
    flush();
    return writer.finish();
  }

  private void flush() {
    int rows = appender.rows();
    if (rows == 0) {
      return;
    }
    writer.write(appender.finish(), null, 0, rows);
    // reset() keeps the buffers, so the next chunk reuses them instead of allocating again.
    for (FieldVector vector : root.getFieldVectors()) {
      vector.reset();
    }
    root.setRowCount(0);
    appender = RowAppender.into(root, schema);
  }

  @Override
  public void close() {
    try {
      writer.close();
    } finally {
      root.close();
    }
  }
}
