package dev.floe.compaction;

import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.ColumnarFiles;
import dev.floe.columnar.Contribution;
import dev.floe.columnar.Provenance;
import dev.floe.columnar.parquet.PageCodecs;
import dev.floe.columnar.parquet.PageFile;
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
   * Opens {@code file} of {@code group}: the origins of its rows and, when the page decoder takes
   * it, its live rows; a source without rows ({@link Source#decoded()} false) leaves the file to
   * the record path. A Parquet file's footer is read once, for both: a file the decoder refuses
   * keeps the provenance that footer gave. {@code copy}: origins for a whole-file copy (see {@link
   * RowOrigins#ofCopy}). {@code codecs} decompress the pages; the caller closes what it gets.
   */
  Source open(
      FileGroup group,
      DataFile file,
      GroupDeleteFilter.Cache cache,
      PageCodecs codecs,
      boolean copy) {
    if (!enabled || file.format() != FileFormat.PARQUET || file.keyMetadata() != null) {
      return recordPath(file, copy);
    }
    PositionDeleteIndex deleted = null;
    FileScanTask task = group.deletesOf(file);
    if (task != null) {
      GroupDeleteFilter deletes = new GroupDeleteFilter(table.io(), task, schema, cache);
      if (deletes.hasEqDeletes()) {
        return recordPath(file, copy);
      }
      deleted = deletes.deletedRowPositions();
    }
    try (PageFile parquet =
        PageFile.open(table.io().newInputFile(file), file.fileSizeInBytes(), codecs)) {
      RowOrigins origins =
          RowOrigins.of(file, parquet.keyValueMetadata().get(Provenance.KEY), copy);
      PageRows rows = parquet.rows(schema);
      if (rows == null) {
        return new Source(null, null, origins);
      }
      decoded.incrementAndGet();
      return new Source(rows, deleted, origins);
    }
  }

  private Source recordPath(DataFile file, boolean copy) {
    return new Source(
        null, null, copy ? RowOrigins.ofCopy(table.io(), file) : RowOrigins.of(table.io(), file));
  }

  /** Empties a root, keeping its buffers for the next rows. */
  static void reset(VectorSchemaRoot root) {
    for (FieldVector vector : root.getFieldVectors()) {
      vector.reset();
    }
    root.setRowCount(0);
  }

  /**
   * One file's decoded rows (null: the record path reads it), the positions its delete files delete
   * (null: none) and the origins of its rows.
   */
  record Source(PageRows rows, PositionDeleteIndex deleted, RowOrigins origins)
      implements AutoCloseable {
    /** Whether the page decoder reads the file; otherwise the record path must. */
    boolean decoded() {
      return rows != null;
    }

    /**
     * Decodes the whole file, a {@code chunk} at a time, and writes its live rows with their
     * origins; adds the rows decoded to {@code tally.read} and those written to {@code tally.live}.
     */
    void writeTo(ChunkedWriter writer, Chunk chunk, Tally tally) {
      VectorSchemaRoot root = chunk.root;
      int[] live = deleted == null ? null : chunk.live;
      Contribution[] rowOrigins = chunk.origins;
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
      if (rows != null) {
        rows.close();
      }
    }
  }

  /**
   * What decoding a group's files a chunk at a time reuses from file to file: the vectors, and the
   * row selection and origins of a chunk (hundreds of small files would allocate them each).
   */
  static final class Chunk implements AutoCloseable {
    private final VectorSchemaRoot root;
    private final int[] live = new int[ChunkedWriter.CHUNK_ROWS];
    private final Contribution[] origins = new Contribution[ChunkedWriter.CHUNK_ROWS];

    private Chunk(VectorSchemaRoot root) {
      this.root = root;
    }

    @Override
    public void close() {
      root.close();
    }
  }

  /** An empty chunk for a group's decoded rows, with vectors from {@code allocator}. */
  Chunk newChunk(BufferAllocator allocator) {
    return new Chunk(newRoot(allocator));
  }

  /** Rows read from a group's files (deleted or not) and rows written again. */
  static final class Tally {
    long read;
    long live;
  }
}
