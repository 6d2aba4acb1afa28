package dev.floe.catalog.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/** Writes and reads small test data with Iceberg's own generic writer and reader. */
public final class GenericParquet {
  private GenericParquet() {}

  /** Writes {@code rows} into one new Parquet file of an unpartitioned table; does not commit. */
  public static DataFile write(Table table, List<Record> rows) {
    if (!table.spec().isUnpartitioned()) {
      throw new IllegalArgumentException(
          "Cannot write test file for "
              + table.name()
              + ": table is partitioned by "
              + table.spec());
    }
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build();
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 1, System.nanoTime())
            .format(FileFormat.PARQUET)
            .build();
    DataWriter<Record> writer = writers.newDataWriter(files.newOutputFile(), table.spec(), null);
    try (writer) {
      rows.forEach(writer::write);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write test file for " + table.name(), e);
    }
    return writer.toDataFile();
  }

  /** Every row of the table's current snapshot, read into memory. */
  public static List<Record> read(Table table) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      records.forEach(rows::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + table.name(), e);
    }
    return rows;
  }
}
