package dev.floe.catalog.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * Merge-on-read test tables: delete files written by Iceberg's own generic writers and committed
 * with {@code newRowDelta()}, as Spark or Flink would write them.
 */
public final class GenericDeletes {
  private GenericDeletes() {}

  /**
   * A position delete file (format version 2) of {@code positions} of {@code file}; not committed.
   */
  public static DeleteFile positions(Table table, DataFile file, long... positions) {
    PositionDeleteWriter<Record> writer =
        new GenericFileWriterFactory.Builder(table)
            .build()
            .newPositionDeleteWriter(
                files(table, FileFormat.PARQUET).newOutputFile(table.spec(), file.partition()),
                table.spec(),
                file.partition());
    try (writer) {
      for (long position : positions) {
        writer.write(PositionDelete.<Record>create().set(file.location(), position));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDeleteFile();
  }

  /** A deletion vector (format version 3) of {@code positions} of {@code file}; not committed. */
  public static DeleteFile deletionVector(Table table, DataFile file, long... positions) {
    BaseDVFileWriter writer = new BaseDVFileWriter(files(table, FileFormat.PUFFIN), path -> null);
    try (writer) {
      for (long position : positions) {
        writer.delete(file.location(), position, table.spec(), file.partition());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.result().deleteFiles().get(0);
  }

  /** An equality delete file of an unpartitioned table: rows whose {@code column} is a value. */
  public static DeleteFile equality(Table table, String column, Object... values) {
    Schema key = table.schema().select(column);
    EqualityDeleteWriter<Record> writer =
        new GenericFileWriterFactory.Builder(table)
            .equalityFieldIds(new int[] {table.schema().findField(column).fieldId()})
            .equalityDeleteRowSchema(key)
            .build()
            .newEqualityDeleteWriter(
                files(table, FileFormat.PARQUET).newOutputFile(table.spec(), null),
                table.spec(),
                null);
    try (writer) {
      for (Object value : values) {
        GenericRecord row = GenericRecord.create(key);
        row.setField(column, value);
        writer.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDeleteFile();
  }

  /** Commits {@code deletes} to main in one row delta. */
  public static void commit(Table table, DeleteFile... deletes) {
    RowDelta delta = table.newRowDelta();
    for (DeleteFile delete : deletes) {
      delta.addDeletes(delete);
    }
    delta.commit();
  }

  private static OutputFileFactory files(Table table, FileFormat format) {
    return OutputFileFactory.builderFor(table, 1, System.nanoTime()).format(format).build();
  }
}
