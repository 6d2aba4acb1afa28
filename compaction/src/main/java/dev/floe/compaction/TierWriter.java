package dev.floe.compaction;

import dev.floe.columnar.ColumnarFiles;
import dev.floe.columnar.Contribution;
import dev.floe.columnar.Provenance;
import dev.floe.columnar.ProvenanceLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileIO;

/**
 * Writes a group's rows as one file under the cold location, with the cold codec and, through a
 * FileIO of its own, cold I/O settings such as S3's {@code s3.write.storage-class}. Rows go through
 * the columnar writers ({@link ColumnarFiles} pointed at the cold location), read as compaction
 * reads them (Parquet through the page decoder); a schema without an Arrow layout (v3's variant and
 * geo types) takes Iceberg's generic writer instead.
 */
final class TierWriter implements AutoCloseable {
  private final Table table;
  private final String coldLocation;
  private final FileFormat format;
  private final GenericFileWriterFactory writers;
  private final FileIO io;
  private final boolean ownsIo;
  private final GroupRewriter reader;
  private final GroupRewriter columnar;
  private final Map<String, String> writerProps;

  TierWriter(Table table, String coldLocation, String codec, Map<String, String> ioProperties) {
    this.table = table;
    this.coldLocation = coldLocation.replaceAll("/+$", "");
    this.format = GroupRewriter.format(table);
    this.writerProps = new HashMap<>();
    writerProps.put(TableProperties.PARQUET_COMPRESSION, codec);
    writerProps.put(TableProperties.ORC_COMPRESSION, codec);
    if ("zstd".equals(codec.toLowerCase(Locale.ROOT))) {
      // Cold data is written once and read rarely: spend CPU for bytes.
      writerProps.put(TableProperties.PARQUET_COMPRESSION_LEVEL, "9");
    }
    this.writers =
        new GenericFileWriterFactory.Builder(table)
            .dataFileFormat(format)
            .writerProperties(writerProps)
            .build();
    this.ownsIo = !ioProperties.isEmpty();
    if (ownsIo) {
      Map<String, String> merged = new HashMap<>(table.io().properties());
      merged.putAll(ioProperties);
      this.io = CatalogUtil.loadFileIO(table.io().getClass().getName(), merged, hadoopConf());
    } else {
      this.io = table.io();
    }
    this.reader = new GroupRewriter(table, Long.MAX_VALUE, "tier");
    this.columnar =
        ColumnarFiles.takes(table.schema())
            ? GroupRewriter.copying(
                table,
                "tier",
                files -> files.location(coldLocation).io(io).writeProperties(writerProps),
                io)
            : null;
  }

  DataFile write(FileGroup group) {
    if (columnar == null) {
      return writeRecords(group);
    }
    List<DataFile> written = columnar.rewrite(group);
    if (written.size() != 1) {
      columnar.deleteQuietly(written);
      throw new org.apache.iceberg.exceptions.ValidationException(
          "Cannot tier %d files of partition %s: expected one cold file, wrote %d",
          group.files().size(), group.spec().partitionToPath(group.partition()), written.size());
    }
    return written.get(0);
  }

  private DataFile writeRecords(FileGroup group) {
    String partitionPath = group.spec().partitionToPath(group.partition());
    String location =
        coldLocation
            + (partitionPath.isEmpty() ? "" : "/" + partitionPath)
            + "/"
            + UUID.randomUUID()
            + "."
            + format.name().toLowerCase(Locale.ROOT);
    DataWriter<Record> writer = newWriter(group, location);
    try {
      try (writer) {
        for (DataFile file : group.files()) {
          try (CloseableIterable<Record> rows = reader.readRows(file)) {
            rows.forEach(writer::write);
          }
        }
      }
    } catch (IOException e) {
      io.deleteFile(location);
      throw new UncheckedIOException("Cannot write cold file " + location, e);
    } catch (RuntimeException e) {
      io.deleteFile(location);
      throw e;
    }
    DataFile written = writer.toDataFile();
    if (written.recordCount() != group.records()) {
      io.deleteFile(location);
      throw new org.apache.iceberg.exceptions.ValidationException(
          "Cannot tier %d files of partition %s: their metadata counts %d rows, %d were written",
          group.files().size(), partitionPath, group.records(), written.recordCount());
    }
    return written;
  }

  /**
   * A writer of the cold file; when any input file has provenance, the cold file carries theirs
   * (its rows are theirs, in the same order), which Iceberg's writer factory cannot add.
   */
  private DataWriter<Record> newWriter(FileGroup group, String location) {
    EncryptedOutputFile output = EncryptedFiles.plainAsEncryptedOutput(io.newOutputFile(location));
    ProvenanceLog log = new ProvenanceLog();
    boolean any = false;
    for (DataFile file : group.files()) {
      Optional<Provenance> provenance = RowOrigins.provenance(table.io(), file);
      any |= provenance.isPresent();
      provenance.ifPresentOrElse(
          log::addAll, () -> log.add(Contribution.unknown(0), file.recordCount()));
    }
    if (!any) {
      return writers.newDataWriter(output, group.spec(), group.partition());
    }
    try {
      return FormatModelRegistry.<Record, Object>dataWriteBuilder(format, Record.class, output)
          .schema(table.schema())
          .spec(group.spec())
          .partition(group.partition())
          .setAll(table.properties())
          .setAll(writerProps)
          .metricsConfig(MetricsConfig.forTable(table))
          .meta(Provenance.KEY, log.take(log.rows()).toJson())
          .overwrite()
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open cold file " + location, e);
    }
  }

  /** Files read through the page decoder so far, for tests. */
  int decodedFiles() {
    return columnar == null ? 0 : columnar.decodedFiles();
  }

  void deleteQuietly(DataFile file) {
    try {
      io.deleteFile(file.location());
    } catch (RuntimeException e) {
      // Leftovers are orphans, which orphan cleanup removes; the original error matters more.
    }
  }

  @Override
  public void close() {
    if (ownsIo) {
      io.close();
    }
  }

  /** The table FileIO's Hadoop settings (local files through Floe's file system), if any. */
  private Object hadoopConf() {
    return table.io() instanceof org.apache.hadoop.conf.Configurable configurable
        ? configurable.getConf()
        : null;
  }
}
