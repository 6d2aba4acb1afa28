package dev.floe.columnar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * An Avro data file whose header carries metadata known only after its rows: Avro writes the header
 * before the first row, so Iceberg's writer writes the rows to a staged file on local disk (in
 * {@code java.io.tmpdir}, as Iceberg's S3FileIO stages its uploads), and {@link #close} writes the
 * real file: the staged header's metadata and the provenance, then the staged data blocks copied as
 * they are (Avro's {@code appendAllFrom} without recompressing: no row is decoded again). The
 * {@link DataFile} keeps the metrics Iceberg computed while writing; only its path and size change.
 * Costs one more sequential write and read of the file's bytes; the staged file is deleted on close
 * or abort. Only files that carry provenance are staged: the others are written in place.
 */
final class AvroStagedFile extends GenericFile {
  private final EncryptedOutputFile target;
  private final PartitionSpec spec;
  private final Path staged;
  private final DataWriter<Record> writer;
  private boolean stagedDeleted;

  AvroStagedFile(
      GenericFileWriterFactory writers,
      EncryptedOutputFile target,
      PartitionSpec spec,
      StructLike partition) {
    this.target = target;
    this.spec = spec;
    this.staged =
        Path.of(System.getProperty("java.io.tmpdir"), "floe-staged-" + UUID.randomUUID() + ".avro");
    OutputFile local = org.apache.iceberg.Files.localOutput(staged.toFile());
    this.writer =
        writers.newDataWriter(EncryptedFiles.plainAsEncryptedOutput(local), spec, partition);
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
    try {
      close(writer);
      DataFile written = writer.toDataFile();
      String location = target.encryptingOutputFile().location();
      long size = copy(provenance, location);
      return DataFiles.builder(spec)
          .copy(written)
          .withPath(location)
          .withFileSizeInBytes(size)
          .withEncryptionKeyMetadata(target.keyMetadata())
          .build();
    } finally {
      deleteStaged();
    }
  }

  @Override
  void abort() {
    try {
      close(writer);
    } finally {
      deleteStaged();
    }
  }

  // Writes the real file: header metadata of the staged file plus the provenance, blocks as is.
  private long copy(String provenance, String location) {
    try (InputStream in = Files.newInputStream(staged);
        DataFileStream<Object> rows = new DataFileStream<>(in, new GenericDatumReader<>())) {
      PositionOutputStream out = target.encryptingOutputFile().createOrOverwrite();
      // Closing the Avro writer closes the stream too; the stream's close is idempotent.
      try (PositionOutputStream stream = out;
          DataFileWriter<Object> copy = new DataFileWriter<>(new GenericDatumWriter<>())) {
        for (String key : rows.getMetaKeys()) {
          if (!key.startsWith("avro.")) {
            copy.setMeta(key, rows.getMeta(key));
          }
        }
        if (provenance != null) {
          copy.setMeta(Provenance.KEY, provenance);
        }
        String codec = rows.getMetaString(DataFileConstants.CODEC);
        copy.setCodec(codec == null ? CodecFactory.nullCodec() : CodecFactory.fromString(codec));
        copy.create(rows.getSchema(), stream);
        copy.appendAllFrom(rows, false);
      }
      // As Iceberg's Avro appender measures its file: the stream's length once closed.
      return out.storedLength();
    } catch (IOException e) {
      throw new UncheckedIOException(
          String.format("Cannot write Avro data file %s: %s", location, e.getMessage()), e);
    }
  }

  // Never throws: a failure here must not hide the write's own, and a leftover staged file is
  // only disk space in the temporary folder.
  private void deleteStaged() {
    if (!stagedDeleted) {
      stagedDeleted = true;
      try {
        Files.deleteIfExists(staged);
      } catch (IOException | RuntimeException e) {
        staged.toFile().deleteOnExit();
      }
    }
  }
}
