package dev.floe.compaction;

import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.ColumnarFiles;
import dev.floe.columnar.Contribution;
import dev.floe.columnar.parquet.PageRows;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.deletes.PositionDeleteIndex;

/**
 * The vectorized side of a group rewrite: a Parquet data file's live rows decoded by Floe's page
 * decoder straight into Arrow vectors, which the columnar writer takes, with no Iceberg record per
 * row. Position deletes and deletion vectors drop rows by file position, as a selection of row
 * indices handed to the writer.
 *
 * <p>A file takes the record path instead when this path could not give exactly its rows: not
 * Parquet, encrypted, equality deletes (they compare values: the record path's filter does), or a
 * column the file stores otherwise (missing, promoted, written without field ids, a type the
 * decoder leaves to Iceberg such as decimal). ORC files always take the record path.
 */
final class PageFiles {
  private final Table table;
  private final Schema schema;
  private final boolean enabled;
  private final AtomicInteger decoded = new AtomicInteger();

  /** With {@code allowed} false, every file takes the record path (tests compare the two). */
  PageFiles(Table table, Schema schema, boolean allowed) {
    this.table = table;
    this.schema = schema;
    this.enabled = allowed && ColumnarFiles.takes(schema) && PageRows.supports(schema);
  }

  /** Files that took this path so far. */
  int decodedFiles() {
    return decoded.get();
  }

  /** Whether any file may take this path (the schema's types allow it). */
  boolean enabled() {
    return enabled;
  }

  /** An empty root for decoded rows, laid out as the columnar writers take them. */
  VectorSchemaRoot newRoot(BufferAllocator allocator) {
    return VectorSchemaRoot.create(ArrowLayout.of(schema), allocator);
  }

  /**
   * The live rows of {@code file} through the page decoder, or null when the record path must read
   * it. The caller closes what it gets.
   */
  Source open(FileGroup group, DataFile file, GroupDeleteFilter.Cache cache) {
    return open(group, file, cache, RowOrigins.of(table.io(), file));
  }

  /** As {@link #open(FileGroup, DataFile, GroupDeleteFilter.Cache)}, with the rows' origins. */
  Source open(FileGroup group, DataFile file, GroupDeleteFilter.Cache cache, RowOrigins origins) {
    if (!enabled || file.format() != FileFormat.PARQUET || file.keyMetadata() != null) {
      return null;
    }
    PositionDeleteIndex deleted = null;
    FileScanTask task = group.deletesOf(file);
    if (task != null) {
      GroupDeleteFilter deletes = new GroupDeleteFilter(table.io(), task, schema, cache);
      if (deletes.hasEqDeletes()) {
        return null;
      }
      deleted = deletes.deletedRowPositions();
    }
    PageRows rows = PageRows.open(table.io().newInputFile(file), file.fileSizeInBytes(), schema);
    if (rows == null) {
      return null;
    }
    decoded.incrementAndGet();
    return new Source(rows, deleted, origins);
  }

  /** Empties a root, keeping its buffers for the next rows. */
  static void reset(VectorSchemaRoot root) {
    for (FieldVector vector : root.getFieldVectors()) {
      vector.reset();
    }
    root.setRowCount(0);
  }

  /**
   * One file's decoded rows, the positions its delete files delete (null: none) and the origins of
   * its rows.
   */
  record Source(PageRows rows, PositionDeleteIndex deleted, RowOrigins origins)
      implements AutoCloseable {
    /**
     * Decodes the whole file, a chunk of {@code root} at a time, and writes its live rows with
     * their origins; adds the rows decoded to {@code tally.read} and those written to {@code
     * tally.live}.
     */
    void writeTo(ChunkedWriter writer, VectorSchemaRoot root, Tally tally) {
      int[] live = deleted == null ? null : new int[ChunkedWriter.CHUNK_ROWS];
      Contribution[] rowOrigins = new Contribution[ChunkedWriter.CHUNK_ROWS];
      while (rows.hasNext()) {
        reset(root);
        PageRows.reserve(root, ChunkedWriter.CHUNK_ROWS);
        long first = rows.position();
        int decoded = rows.read(root, 0, ChunkedWriter.CHUNK_ROWS);
        PageRows.finish(root, decoded);
        int kept = select(live, rowOrigins, 0, 0, first, decoded);
        writer.write(root, live, kept, rowOrigins);
        tally.read += decoded;
        tally.live += kept;
      }
    }

    /**
     * Adds to {@code live} at {@code at ..} the root indices of the live rows among {@code count}
     * rows decoded at root index {@code start} from file position {@code first} (with a null {@code
     * live}, every row is live), sets the origin of each at its root index in {@code origins}, and
     * returns how many.
     */
    int select(int[] live, Contribution[] origins, int at, int start, long first, int count) {
      int kept = 0;
      for (int i = 0; i < count; i++) {
        if (deleted == null || !deleted.isDeleted(first + i)) {
          if (live != null) {
            live[at + kept] = start + i;
          }
          origins[start + i] = this.origins.at(first + i);
          kept++;
        }
      }
      return kept;
    }

    @Override
    public void close() {
      rows.close();
    }
  }

  /** Rows read from a group's files (deleted or not) and rows written again. */
  static final class Tally {
    long read;
    long live;
  }
}
