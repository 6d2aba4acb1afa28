package dev.floe.catalog.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * Test data written and read with Iceberg's own generic writer and reader, so a module's tests do
 * not depend on the Floe code under test to set up or check a table.
 */
public final class GenericData {
  private GenericData() {}

  /** Writes {@code rows} as real files, one per partition; does not commit. */
  public static List<DataFile> write(Table table, FileFormat format, List<Record> rows) {
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(format).build();
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 1, System.nanoTime()).format(format).build();
    FanoutDataWriter<Record> writer = new FanoutDataWriter<>(writers, files, table.io(), 1L << 30);
    PartitionKey key = new PartitionKey(table.spec(), table.schema());
    InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
    try (writer) {
      for (Record row : rows) {
        key.partition(wrapper.wrap(row));
        writer.write(row, table.spec(), key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write test files for " + table.name(), e);
    }
    return writer.result().dataFiles();
  }

  /** Writes {@code rows} and commits them to {@code branch}; returns the new snapshot id. */
  public static long append(Table table, String branch, FileFormat format, List<Record> rows) {
    AppendFiles append = table.newAppend().toBranch(branch);
    write(table, format, rows).forEach(append::appendFile);
    append.commit();
    return table.snapshot(branch).snapshotId();
  }

  /** Every row of a snapshot, copied into memory. */
  public static List<Record> read(Table table, long snapshotId) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(table).useSnapshot(snapshotId).build()) {
      records.forEach(row -> rows.add(row.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + table.name(), e);
    }
    return rows;
  }

  /** Every row of a branch or tag; empty when it has no snapshot yet. */
  public static List<Record> read(Table table, String ref) {
    return table.snapshot(ref) == null ? List.of() : read(table, table.snapshot(ref).snapshotId());
  }

  /** The {@code id} column of {@code rows}, sorted: equal lists mean the same rows by id. */
  public static List<Long> ids(List<Record> rows) {
    return rows.stream().map(row -> (Long) row.getField("id")).sorted().toList();
  }
}
