package dev.floe.columnar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileAppender;

/**
 * One data file written through Iceberg's generic writers whose {@link Provenance} is added when it
 * closes, once its rows are known. Iceberg's writers take file metadata only when a file opens, so
 * each format gets it another way:
 *
 * <ul>
 *   <li>Parquet: Iceberg's ParquetWriter copies the metadata at build time but reads its copy only
 *       at close, when it writes the footer: the copy is replaced, with the provenance added, just
 *       before;
 *   <li>ORC: ORC's own writer takes user metadata any time before close ({@link OrcUserMetadata});
 *   <li>Avro: the header is written before any row, so the rows go to a staged file first ({@link
 *       AvroStagedFile}), copied block by block into the real file at close.
 * </ul>
 *
 * <p>Parquet and ORC reach Iceberg 1.11's private fields (the last iceberg-orc is 1.11): a later
 * Iceberg that renames them fails the write loudly, naming the field, never a file without its
 * provenance.
 */
abstract class GenericFile {
  /**
   * A new file of {@code partition} at {@code target}; {@code staged} for an Avro file that will
   * carry provenance (else it is written in place).
   */
  static GenericFile open(
      GenericFileWriterFactory writers,
      FileFormat format,
      EncryptedOutputFile target,
      PartitionSpec spec,
      StructLike partition,
      boolean staged) {
    if (format == FileFormat.AVRO && staged) {
      return new AvroStagedFile(writers, target, spec, partition);
    }
    return new InPlace(writers.newDataWriter(target, spec, partition), format);
  }

  abstract void write(Record row);

  /** Bytes written so far (of the staged file, for Avro). */
  abstract long length();

  /** Closes the file with {@code provenance} (JSON, or null for none) in its metadata. */
  abstract DataFile close(String provenance);

  /** Stops the file without finishing it (the caller deletes the target). */
  abstract void abort();

  static void close(DataWriter<Record> writer) {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close a data file: " + e.getMessage(), e);
    }
  }

  /** Parquet and ORC: metadata added to the open file just before it is closed. */
  private static final class InPlace extends GenericFile {
    private final DataWriter<Record> writer;
    private final FileFormat format;

    InPlace(DataWriter<Record> writer, FileFormat format) {
      this.writer = writer;
      this.format = format;
    }

    @Override
    void write(Record row) {
      writer.write(row);
    }

    @Override
    long length() {
      return writer.length();
    }

    @Override
    DataFile close(String provenance) {
      if (provenance != null) {
        try {
          FileAppender<?> appender =
              (FileAppender<?>) get(field(DataWriter.class, "appender"), writer);
          switch (format) {
            case PARQUET -> addParquetMetadata(appender, provenance);
            case ORC -> OrcUserMetadata.add(appender, Provenance.KEY, provenance);
            default ->
                throw new IllegalStateException("Cannot add provenance to a " + format + " file");
          }
        } catch (RuntimeException e) {
          abort(); // the writer's abort deletes the file
          throw e;
        }
      }
      close(writer);
      return writer.toDataFile();
    }

    @Override
    void abort() {
      close(writer);
    }
  }

  // Iceberg's ParquetWriter hands its field `metadata` to ParquetFileWriter.end(..) at close.
  @SuppressWarnings("unchecked")
  private static void addParquetMetadata(FileAppender<?> appender, String provenance) {
    Field metadata = field(appender.getClass(), "metadata");
    Map<String, String> merged = new LinkedHashMap<>((Map<String, String>) get(metadata, appender));
    merged.put(Provenance.KEY, provenance);
    try {
      metadata.set(appender, merged);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(
          "Cannot add provenance to a Parquet file: cannot set " + metadata, e);
    }
  }

  private static Field field(Class<?> type, String name) {
    try {
      Field field = type.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          String.format(
              "Cannot add provenance to a data file: %s has no accessible field '%s' (an Iceberg"
                  + " other than 1.11?)",
              type.getName(), name),
          e);
    }
  }

  private static Object get(Field field, Object owner) {
    try {
      return field.get(owner);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Cannot add provenance to a data file: cannot read " + field);
    }
  }
}
