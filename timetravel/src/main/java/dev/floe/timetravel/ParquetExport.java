package dev.floe.timetravel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;

/**
 * Rehydrates a lock into one Parquet file (zstd, Iceberg field ids in the schema) that pyarrow,
 * DuckDB or Spark read directly. The rows are written under a hidden temporary name in the target
 * folder, and the file is moved onto the target only after the digest and the row count checked
 * out; on a mismatch, an error or an interrupt it is deleted, so no unverified file is left behind.
 * Callers go through {@link Rehydration#writeParquet}.
 */
final class ParquetExport {
  static final int PROGRESS_ROWS = 8192;

  /** Told the digest and the row count once every row is written; throws to reject them. */
  interface Check {
    void check(String digest, long rows);
  }

  private ParquetExport() {}

  /**
   * Writes {@code reader}'s rows to {@code file}, replacing it only once {@code check} accepted
   * their digest and count; tells {@code progress} every {@value #PROGRESS_ROWS} rows written (and
   * the rest). Returns the row count.
   */
  static long write(Reader reader, Path file, LongConsumer progress, Check check) {
    Schema schema = reader.schema();
    ContentDigest digest = new ContentDigest();
    long rows = 0;
    try (StagedFile staged = StagedFile.create(file)) {
      DataWriter<Record> appender = newWriter(reader.table(), schema, staged.path());
      try (appender;
          CloseableIterable<Record> records = reader.records()) {
        for (Record record : records) {
          appender.write(record);
          digest.update(record);
          rows++;
          if (rows % PROGRESS_ROWS == 0) {
            progress.accept(PROGRESS_ROWS);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
      }
      progress.accept(rows % PROGRESS_ROWS);
      ParquetFooters.canonicalize(staged.path());
      check.check(digest.hex(), rows);
      staged.publish();
    }
    return rows;
  }

  /**
   * Iceberg's own generic Parquet writer (zstd): the file carries the table's field ids and types.
   */
  static DataWriter<Record> newWriter(Table table, Schema schema, Path path) {
    return new GenericFileWriterFactory.Builder(table)
        .dataFileFormat(FileFormat.PARQUET)
        .dataSchema(schema)
        .writerProperties(Map.of(TableProperties.PARQUET_COMPRESSION, "zstd"))
        .build()
        .newDataWriter(
            EncryptedFiles.plainAsEncryptedOutput(
                org.apache.iceberg.Files.localOutput(path.toFile())),
            PartitionSpec.unpartitioned(),
            null);
  }
}
