package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.columnar.parquet.PageDecoders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.TypeUtil;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;

/**
 * Reads for the page decoder's tests: one file through {@link ParquetPages} alone, the same table
 * through the row path, and the file's Parquet layout, to check a test covers what it claims.
 */
final class PageReads {
  private final BufferAllocator allocator;

  PageReads(BufferAllocator allocator) {
    this.allocator = allocator;
  }

  /** The rows of {@code task}, decoded by {@link ParquetPages} in batches of {@code batchSize}. */
  List<List<Object>> pages(Table table, FileScanTask task, int batchSize, Schema projection) {
    List<List<Object>> rows = new ArrayList<>();
    try (VectorSchemaRoot root = ArrowBatches.newRoot(projection, allocator, batchSize);
        ParquetPages pages = ParquetPages.open(table.io(), task, projection, batchSize)) {
      assertThat(pages).as("the page decoder takes this file").isNotNull();
      while (pages.hasNext()) {
        int read = pages.next(root, null);
        assertThat(read).isPositive().isLessThanOrEqualTo(batchSize);
        rows.addAll(values(root));
      }
    }
    return rows;
  }

  List<List<Object>> pages(Table table, FileScanTask task, int batchSize) {
    return pages(table, task, batchSize, table.schema());
  }

  /** Every row of the table through the row path (Iceberg records). */
  List<List<Object>> rowPath(Table table) {
    return rowPath(TimeTravel.read(table));
  }

  /** The row path's values of a projection, selected by the names of its leaves. */
  List<List<Object>> rowPath(Table table, Schema projection) {
    return rowPath(
        TimeTravel.read(table)
            .select(
                TypeUtil.indexByName(projection.asStruct()).keySet().stream()
                    .filter(name -> projection.findType(name).isPrimitiveType())
                    .toList()));
  }

  private List<List<Object>> rowPath(Reader reader) {
    List<List<Object>> rows = new ArrayList<>();
    try (ArrowBatches slow = reader.vectorized(false).arrow(allocator)) {
      slow.forEach(batch -> rows.addAll(values(batch)));
    }
    return rows;
  }

  /** The content digest of the row path, from Iceberg records. */
  String rowPathDigest(Table table) {
    try (ArrowBatches slow = TimeTravel.read(table).vectorized(false).arrow(allocator)) {
      slow.forEach(batch -> {});
      return slow.contentDigest();
    }
  }

  /** Reads the table as a user does and checks every file took a vectorized path. */
  String vectorizedDigest(Table table, int batchSize, int files) {
    try (ArrowBatches fast = TimeTravel.read(table).batchSize(batchSize).arrow(allocator)) {
      fast.forEach(batch -> {});
      assertThat(fast.vectorizedFiles()).isEqualTo(files);
      return fast.contentDigest();
    }
  }

  static List<List<Object>> values(VectorSchemaRoot batch) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < batch.getRowCount(); i++) {
      List<Object> row = new ArrayList<>();
      for (FieldVector vector : batch.getFieldVectors()) {
        Object value = vector.getObject(i);
        row.add(value instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(value));
      }
      rows.add(row);
    }
    return rows;
  }

  static FileScanTask onlyTask(Table table) {
    try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().planFiles()) {
      List<FileScanTask> all = new ArrayList<>();
      tasks.forEach(all::add);
      assertThat(all).hasSize(1);
      return all.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<BlockMetaData> rowGroups(Table table, FileScanTask task) {
    try (ParquetFileReader reader =
        PageDecoders.open(table.io().newInputFile(task.file()), 0, task.file().fileSizeInBytes())) {
      return reader.getRowGroups();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Set<Encoding> encodings(Table table, FileScanTask task) {
    Set<Encoding> encodings = new HashSet<>();
    for (BlockMetaData group : rowGroups(table, task)) {
      for (ColumnChunkMetaData column : group.getColumns()) {
        encodings.addAll(column.getEncodings());
      }
    }
    return encodings;
  }
}
