package dev.floe.columnar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.RollingDataWriter;
import org.apache.iceberg.relocated.com.google.common.collect.Lists;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Writes the same rows both ways into one table: with Iceberg's own writer
 * (GenericFileWriterFactory and RollingDataWriter, from records) and with {@link ColumnarFiles}
 * (from Arrow vectors of the same records), so a test can compare the files, their metrics and the
 * rows read back.
 */
final class BothWriters {
  private final Table table;
  private final BufferAllocator allocator;

  BothWriters(Table table, BufferAllocator allocator) {
    this.table = table;
    this.allocator = allocator;
  }

  /** Iceberg's files for {@code records}, rolled at {@code targetSize} bytes. */
  List<DataFile> iceberg(List<Record> records, StructLike partition, long targetSize) {
    return iceberg(table, FileFormat.PARQUET, records, partition, targetSize);
  }

  /**
   * Iceberg's own way for any format, the reference both writers' tests compare against: a
   * RollingDataWriter over the generic writer factory, rolled at {@code targetSize} bytes.
   */
  static List<DataFile> iceberg(
      Table table, FileFormat format, List<Record> records, StructLike partition, long targetSize) {
    GenericFileWriterFactory factory =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(format).build();
    OutputFileFactory files = OutputFileFactory.builderFor(table, 1, 1).format(format).build();
    RollingDataWriter<Record> writer =
        new RollingDataWriter<>(factory, files, table.io(), targetSize, table.spec(), partition);
    try (writer) {
      records.forEach(writer::write);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.result().dataFiles();
  }

  /** The columnar writer's files for {@code records}, in {@code order} (null: as given). */
  List<DataFile> columnar(
      List<Record> records, int[] order, StructLike partition, long targetSize) {
    int to = order == null ? records.size() : order.length;
    // Two calls, as batches come: the writer keeps one file open across them.
    return columnar(records, order, partition, targetSize, to / 2);
  }

  /** As {@link #columnar}, written in calls that end at each of {@code cuts} (ascending). */
  List<DataFile> columnar(
      List<Record> records, int[] order, StructLike partition, long targetSize, int... cuts) {
    ColumnarFiles files =
        ColumnarFiles.forTable(table)
            .format(FileFormat.PARQUET)
            .targetFileSize(targetSize)
            .fileIds(2, 2, "columnar")
            .build();
    try (VectorSchemaRoot root = RecordsToArrow.of(table.schema(), records, allocator);
        PartitionWriter writer = files.open(partition)) {
      int to = order == null ? records.size() : order.length;
      int from = 0;
      for (int cut : cuts) {
        writer.write(root, order, from, cut);
        from = cut;
      }
      writer.write(root, order, from, to);
      return writer.finish();
    }
  }

  /** Appends {@code files} to the table and returns every row of that snapshot. */
  List<Record> commitAndRead(List<DataFile> files) {
    AppendFiles append = table.newAppend();
    files.forEach(append::appendFile);
    append.commit();
    long snapshot = table.currentSnapshot().snapshotId();
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table).useSnapshot(snapshot).build()) {
      List<Record> read = Lists.newArrayList(rows);
      table
          .newDelete()
          .deleteFromRowFilter(org.apache.iceberg.expressions.Expressions.alwaysTrue())
          .commit();
      return read;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ParquetMetadata footer(DataFile file) {
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.location()),
                new org.apache.hadoop.conf.Configuration()))) {
      return reader.getFooter();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Table create(
      dev.floe.catalog.Floe floe,
      String name,
      Schema schema,
      PartitionSpec spec,
      Map<String, String> properties) {
    return floe.tables()
        .create(name, schema, spec, org.apache.iceberg.SortOrder.unsorted(), properties);
  }

  static List<Record> reordered(List<Record> records, int[] order) {
    List<Record> result = new ArrayList<>();
    for (int row : order) {
      result.add(records.get(row));
    }
    return result;
  }
}
