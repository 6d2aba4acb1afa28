package dev.floe.timetravel;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockVerificationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;

/**
 * Rehydrates a lock into one Parquet file (zstd, Iceberg field ids in the schema) that pyarrow,
 * DuckDB or Spark read directly. The digest is checked as rows are written; on a mismatch the file
 * is deleted, so a half-trusted file is never left behind.
 */
public final class ParquetExport {
  static final int PROGRESS_ROWS = 8192;

  private ParquetExport() {}

  /**
   * Writes the pinned rows (one part of the split when {@code part} is not null) to {@code file},
   * replacing it; returns the row count.
   */
  public static long write(Floe floe, TrainingLock lock, Split.Part part, Path file) {
    return write(floe, lock, part, file, rows -> {});
  }

  /**
   * As above, telling {@code progress} every {@value #PROGRESS_ROWS} rows written (and the rest).
   */
  public static long write(
      Floe floe, TrainingLock lock, Split.Part part, Path file, LongConsumer progress) {
    Reader reader = TimeTravel.pinnedReader(floe, lock, part);
    Schema schema = reader.schema();
    String expected = part == null ? lock.contentDigest() : lock.splitDigests().get(part);
    ContentDigest digest = new ContentDigest();
    long rows = 0;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.deleteIfExists(file);
      // Iceberg's own generic Parquet writer: the file carries the table's field ids and types.
      DataWriter<Record> appender =
          new GenericFileWriterFactory.Builder(reader.table())
              .dataFileFormat(FileFormat.PARQUET)
              .dataSchema(schema)
              .writerProperties(Map.of(TableProperties.PARQUET_COMPRESSION, "zstd"))
              .build()
              .newDataWriter(
                  EncryptedFiles.plainAsEncryptedOutput(
                      org.apache.iceberg.Files.localOutput(file.toFile())),
                  PartitionSpec.unpartitioned(),
                  null);
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
      }
      progress.accept(rows % PROGRESS_ROWS);
      if (expected != null && !expected.equals(digest.hex())) {
        Files.deleteIfExists(file);
        throw new LockVerificationException(
            "content digest mismatch: lock %s, read %s", expected, digest.hex());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
    return rows;
  }
}
