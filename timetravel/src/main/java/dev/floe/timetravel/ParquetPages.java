package dev.floe.timetravel;

import dev.floe.columnar.parquet.PageDecoder;
import dev.floe.columnar.parquet.PageDecoders;
import dev.floe.columnar.parquet.PageRows;
import dev.floe.columnar.parquet.PageTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * The fastest path: Floe's own decoder of Parquet columns, writing pages straight into the root's
 * vectors (see {@link dev.floe.columnar.parquet}). Iceberg's ArrowReader decodes into vectors of
 * its own allocator, which Floe must then copy, and hands out dictionary ids Floe must then decode.
 *
 * <p>Used where it gives exactly the row path's values: the conditions of {@link
 * FileBatches#decodable}, no encryption, and every projected column one {@link PageDecoders} can
 * decode (a promoted or missing column is left to the other paths). Row groups are chosen by the
 * task's byte range, as Iceberg does.
 */
final class ParquetPages implements FileBatches {
  private final ParquetFileReader reader;
  private final List<PageDecoder> columns;
  private final List<Type> types;
  private final int batchSize;
  private long groupLeft;
  private boolean exhausted;
  private long position; // in the file, of the next row
  private long[] positions; // of the last batch's rows, when asked for

  private ParquetPages(
      ParquetFileReader reader, List<PageDecoder> columns, List<Type> types, int batchSize) {
    this.reader = reader;
    this.columns = columns;
    this.types = types;
    this.batchSize = batchSize;
  }

  static boolean supports(FileScanTask task, Schema projection) {
    return task.file().keyMetadata() == null
        && FileBatches.decodable(task, projection, FileFormat.PARQUET, PageTypes::supports);
  }

  /**
   * Opens the file's footer; returns null, having closed it, when a projected column is not stored
   * as this path expects (the caller then takes another path). Reads no data yet.
   */
  static ParquetPages open(FileIO io, FileScanTask task, Schema projection, int batchSize) {
    ParquetFileReader reader =
        PageDecoders.open(io.newInputFile(task.file()), task.start(), task.length());
    ParquetPages pages;
    try {
      pages = withDecoders(reader, projection, batchSize);
    } catch (RuntimeException e) {
      close(reader, e);
      throw e;
    }
    if (pages == null) {
      close(reader, null);
    }
    return pages;
  }

  // The footer's columns matched to the projection, or null when one has no decoder here.
  private static ParquetPages withDecoders(
      ParquetFileReader reader, Schema projection, int batchSize) {
    List<PageDecoder> columns = PageDecoders.request(reader, projection);
    if (columns == null) {
      return null;
    }
    List<Type> types = projection.columns().stream().map(Types.NestedField::type).toList();
    return new ParquetPages(reader, columns, types, batchSize);
  }

  private static void close(ParquetFileReader reader, RuntimeException failure) {
    try {
      reader.close();
    } catch (IOException e) {
      if (failure == null) {
        throw new UncheckedIOException("Cannot close data file " + reader.getFile(), e);
      }
      failure.addSuppressed(e);
    }
  }

  @Override
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
        groupLeft = group.getRowCount();
        position = group.getRowIndexOffset().orElse(-1L);
        Preconditions.checkState(
            positions == null || position >= 0,
            "Cannot apply position deletes to %s: no row positions",
            reader.getFile());
        for (PageDecoder column : columns) {
          column.start(group);
        }
      }
    }
    return groupLeft > 0;
  }

  @Override
  public int next(VectorSchemaRoot root, ContentDigest digest) {
    List<FieldVector> vectors = root.getFieldVectors();
    for (FieldVector vector : vectors) {
      vector.reset();
    }
    PageRows.reserve(root, batchSize); // the columns then write without checks
    int rows = 0;
    while (rows < batchSize && hasNext()) {
      int take = (int) Math.min(batchSize - rows, groupLeft);
      for (int i = 0; i < columns.size(); i++) {
        columns.get(i).read(vectors.get(i), rows, take);
      }
      if (positions != null) {
        for (int i = 0; i < take; i++) {
          positions[rows + i] = position + i;
        }
      }
      position += take;
      rows += take;
      groupLeft -= take;
    }
    PageRows.finish(root, rows);
    return FileBatches.filled(root, rows, digest, types);
  }

  @Override
  public long[] unitRows() {
    return DigestUnits.parquet(reader.getRowGroups());
  }

  /** From now on, {@link #positions()} tells the file positions of each batch's rows. */
  void trackPositions() {
    positions = new long[batchSize];
  }

  /** The file positions of the last batch's rows, in order; null unless tracked. */
  @Override
  public long[] positions() {
    return positions;
  }

  @Override
  public void close() {
    close(reader, null);
  }
}
