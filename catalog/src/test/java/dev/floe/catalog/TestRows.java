package dev.floe.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/** Appends real Parquet rows {@code (id, label)} to an unpartitioned test table. */
public final class TestRows {
  private TestRows() {}

  public static long append(Table table, String branch, long... ids) {
    OutputFileFactory files = OutputFileFactory.builderFor(table, 1, 1).build();
    EncryptedOutputFile out = files.newOutputFile();
    GenericFileWriterFactory factory =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build();
    DataWriter<Record> writer = factory.newDataWriter(out, table.spec(), null);
    try (writer) {
      for (long id : ids) {
        GenericRecord row = GenericRecord.create(table.schema());
        row.setField("id", id);
        row.setField("label", "row-" + id);
        writer.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DataFile file = writer.toDataFile();
    table.newAppend().appendFile(file).toBranch(branch).commit();
    return table.snapshot(branch).snapshotId();
  }

  public static List<Long> ids(Table table, String ref) {
    List<Long> ids = new ArrayList<>();
    if (table.snapshot(ref) == null) {
      return ids;
    }
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table).useSnapshot(table.snapshot(ref).snapshotId()).build()) {
      rows.forEach(r -> ids.add((Long) r.getField("id")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }
}
