package dev.floe.catalog;

import dev.floe.catalog.testing.GenericData;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/** Rows {@code (id, label)} of {@link FloeTablesTest#SCHEMA}, appended as real Parquet files. */
final class TestRows {
  private TestRows() {}

  static long append(Table table, String branch, long... ids) {
    List<Record> rows = new ArrayList<>();
    for (long id : ids) {
      GenericRecord row = GenericRecord.create(table.schema());
      row.setField("id", id);
      row.setField("label", "row-" + id);
      rows.add(row);
    }
    return GenericData.append(table, branch, FileFormat.PARQUET, rows);
  }

  static List<Long> ids(Table table, String ref) {
    return GenericData.ids(GenericData.read(table, ref));
  }

  /** Sum of the sizes of the data files a snapshot added, as written. */
  static long addedBytes(Table table, long snapshotId) {
    long bytes = 0;
    for (org.apache.iceberg.DataFile file : table.snapshot(snapshotId).addedDataFiles(table.io())) {
      bytes += file.fileSizeInBytes();
    }
    return bytes;
  }
}
