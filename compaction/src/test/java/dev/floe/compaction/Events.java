package dev.floe.compaction;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import dev.floe.catalog.Floe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;

/** A small events table partitioned by category, and helpers that fill it with small files. */
final class Events {
  static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          required(2, "category", Types.StringType.get()),
          optional(3, "value", Types.DoubleType.get()));
  static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("category").build();

  private static int task = 0;

  private Events() {}

  static Table create(Floe floe, String name, FileFormat format) {
    return floe.tables()
        .createIfAbsent(
            name,
            SCHEMA,
            SPEC,
            Map.of(TableProperties.DEFAULT_FILE_FORMAT, format.name().toLowerCase(Locale.ROOT)));
  }

  /**
   * Commits one append to {@code branch} with one file of {@code rows} rows per category, ids from
   * {@code firstId} on; returns the next free id.
   */
  static long append(Table table, String branch, long firstId, int rows, String... categories) {
    FileFormat format =
        FileFormat.fromString(
            table.properties().getOrDefault(TableProperties.DEFAULT_FILE_FORMAT, "parquet"));
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(format).build();
    OutputFileFactory files = OutputFileFactory.builderFor(table, 1, task++).format(format).build();
    InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
    AppendFiles append = table.newAppend().toBranch(branch);
    long id = firstId;
    for (String category : categories) {
      List<Record> records = new ArrayList<>();
      for (int i = 0; i < rows; i++, id++) {
        GenericRecord record = GenericRecord.create(table.schema());
        record.setField("id", id);
        record.setField("category", category);
        record.setField("value", id * 0.5);
        records.add(record);
      }
      PartitionKey key = new PartitionKey(table.spec(), table.schema());
      key.partition(wrapper.wrap(records.get(0)));
      DataWriter<Record> writer =
          writers.newDataWriter(files.newOutputFile(table.spec(), key), table.spec(), key);
      try (writer) {
        records.forEach(writer::write);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      append.appendFile(writer.toDataFile());
    }
    append.commit();
    return id;
  }

  static List<Record> rows(Table table, long snapshotId) {
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table).useSnapshot(snapshotId).build()) {
      List<Record> copies = new ArrayList<>();
      rows.forEach(row -> copies.add(row.copy()));
      return copies;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Row ids of a ref, sorted: equal lists mean the same multiset of rows. */
  static List<Long> ids(Table table, String ref) {
    return rows(table, table.snapshot(ref).snapshotId()).stream()
        .map(row -> (Long) row.getField("id"))
        .sorted()
        .toList();
  }

  static List<DataFile> files(Table table, String ref) {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useRef(ref).planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
