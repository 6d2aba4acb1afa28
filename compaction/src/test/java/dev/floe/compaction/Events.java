package dev.floe.compaction;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/** A small events table partitioned by category, and helpers that fill it with small files. */
final class Events {
  static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          required(2, "category", Types.StringType.get()),
          optional(3, "value", Types.DoubleType.get()));
  static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("category").build();

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
    List<Record> records = new ArrayList<>();
    long id = firstId;
    for (String category : categories) {
      for (int i = 0; i < rows; i++, id++) {
        GenericRecord record = GenericRecord.create(table.schema());
        record.setField("id", id);
        record.setField("category", category);
        record.setField("value", id * 0.5);
        records.add(record);
      }
    }
    // Identity partitions by category: one file per category, as the tests expect.
    GenericData.append(table, branch, format, records);
    return id;
  }

  static List<Record> rows(Table table, long snapshotId) {
    return GenericData.read(table, snapshotId);
  }

  /** Row ids of a ref, sorted: equal lists mean the same multiset of rows. */
  static List<Long> ids(Table table, String ref) {
    return GenericData.ids(GenericData.read(table, ref));
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
