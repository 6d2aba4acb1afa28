package dev.floe.columnar.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.Schema;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * Every row of one Parquet data file, decoded by the page decoder into vectors laid out as {@code
 * ArrowLayout} says, in file order: a rewrite (compaction) reads files whole, so the row at file
 * position {@code p} is the {@code p}-th row decoded.
 *
 * <p>Rows of several files may go into one root one after another: the caller {@link #reserve}s
 * room before each {@link #read} and ends the root with {@link #finish}. The caller closes this.
 */
public final class PageRows implements AutoCloseable {
  private final ParquetFileReader reader;
  private final List<PageDecoder> columns;
  private long groupLeft;
  private boolean exhausted;
  private long position;

  private PageRows(ParquetFileReader reader, List<PageDecoder> columns) {
    this.reader = reader;
    this.columns = columns;
  }

  /**
   * Whether the columns of {@code schema} have types the decoder reads; a cheap check before any
   * file is opened (each file may still store a column otherwise, see {@link #open}).
   */
  public static boolean supports(Schema schema) {
    return !schema.columns().isEmpty()
        && schema.columns().stream().allMatch(c -> PageTypes.supports(c.type().typeId()));
  }

  /**
   * Opens {@code file}'s footer to decode the columns of {@code schema}; null, having closed the
   * file, when one is not stored as the decoder expects (missing, promoted, nested otherwise): the
   * caller then reads the file another way. {@link PageFile} also gives the footer's metadata.
   */
  public static PageRows open(InputFile file, long length, Schema schema) {
    PageFile parquet = PageFile.open(file, length, null);
    try {
      PageRows rows = parquet.rows(schema);
      if (rows == null) {
        parquet.close();
      }
      return rows;
    } catch (RuntimeException e) {
      try {
        parquet.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * The rows of an open reader in the columns of {@code schema}, or null (the reader left open)
   * when one is not stored as the decoder expects; the rows own the reader from then on.
   */
  static PageRows of(ParquetFileReader reader, Schema schema) {
    List<PageDecoder> columns = PageDecoders.request(reader, schema);
    if (columns == null) {
      return null;
    }
    return new PageRows(reader, columns);
  }

  /** The file position of the next row to decode. */
  public long position() {
    return position;
  }

  /** Whether rows are left to decode. */
  public boolean hasNext() {
    while (groupLeft == 0 && !exhausted) {
      PageReadStore group;
      try {
        group = reader.readNextRowGroup();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read a row group of " + reader.getFile(), e);
      }
      if (group == null) {
        exhausted = true;
      } else {
        // Positions are counted, which holds only when no row group is skipped: check it.
        long offset = group.getRowIndexOffset().orElse(position);
        Preconditions.checkState(
            offset == position,
            "Cannot read %s whole: a row group starts at row %s, expected %s",
            reader.getFile(),
            offset,
            position);
        groupLeft = group.getRowCount();
        for (PageDecoder column : columns) {
          column.start(group);
        }
      }
    }
    return groupLeft > 0;
  }

  /**
   * Decodes up to {@code rows} rows into the root's vectors at rows {@code at ..}, for which the
   * caller {@link #reserve}d room; returns how many were decoded (0 at the end of the file).
   */
  public int read(VectorSchemaRoot root, int at, int rows) {
    List<FieldVector> vectors = root.getFieldVectors();
    int done = 0;
    while (done < rows && hasNext()) {
      int take = (int) Math.min(rows - done, groupLeft);
      for (int i = 0; i < columns.size(); i++) {
        columns.get(i).read(vectors.get(i), at + done, take);
      }
      done += take;
      groupLeft -= take;
      position += take;
    }
    return done;
  }

  /**
   * Makes room for {@code rows} rows in every vector of the root, keeping the values it holds (new
   * room is zeroed, as the decoders expect). Call {@code root.getFieldVectors()} each {@code
   * reset()} first to start an empty root.
   */
  public static void reserve(VectorSchemaRoot root, int rows) {
    for (FieldVector vector : root.getFieldVectors()) {
      if (vector instanceof BaseVariableWidthVector strings) {
        while (strings.getValueCapacity() < rows) {
          strings.reallocValidityAndOffsetBuffers();
        }
      } else if (vector instanceof BitVector
          || vector instanceof BaseFixedWidthVector
          || vector instanceof ListVector
          || vector instanceof StructVector) {
        while (vector.getValueCapacity() < rows) {
          vector.reAlloc();
        }
      } else {
        throw new IllegalStateException("Cannot decode Parquet into " + vector.getField());
      }
    }
  }

  /** Ends a root holding {@code rows} decoded rows: sets the value and row counts. */
  public static void finish(VectorSchemaRoot root, int rows) {
    for (FieldVector vector : root.getFieldVectors()) {
      finish(vector, rows);
    }
    root.setRowCount(rows);
  }

  // Variable-width and list vectors first learn that every row was written: otherwise
  // setValueCount would "fill the holes" over their offsets.
  private static void finish(FieldVector vector, int rows) {
    if (vector instanceof BaseVariableWidthVector strings) {
      strings.setLastSet(rows - 1);
    } else if (vector instanceof ListVector list) { // and maps
      list.setLastSet(rows - 1);
      int elements = rows == 0 ? 0 : list.getOffsetBuffer().getInt((long) rows * Integer.BYTES);
      finish(list.getDataVector(), elements);
    } else if (vector instanceof StructVector struct) {
      for (FieldVector child : struct.getChildrenFromFields()) {
        finish(child, rows);
      }
    }
    vector.setValueCount(rows);
  }

  @Override
  public void close() {
    PageFile.close(reader);
  }
}
