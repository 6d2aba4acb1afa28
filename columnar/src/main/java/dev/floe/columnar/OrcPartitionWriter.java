package dev.floe.columnar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.encryption.PlaintextEncryptionManager;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.orc.ORC;
import org.apache.iceberg.orc.ORCSchemaUtil;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.orc.OrcConf;
import org.apache.orc.TypeDescription;

/**
 * Writes Arrow rows into ORC data files through Iceberg's own ORC appender and {@link DataWriter},
 * so files, metrics and split offsets are those of Iceberg's generic ORC writer; only the copy from
 * Arrow into ORC's {@code VectorizedRowBatch} is Floe's ({@link OrcBatchWriter}).
 *
 * <p>Rolls to a new file as Iceberg's {@code RollingFileWriter} does: the length is checked after
 * every 1000 rows of a file, and the file closed once it reaches the target size. Every table
 * property the appender knows applies (codec, strategy, stripe and block size, bloom filter columns
 * and fpp, batch size), parsed and checked by Iceberg as for its own writer.
 */
final class OrcPartitionWriter extends RollingPartitionWriter {
  private final Schema layout;
  private final MetricsConfig metricsConfig;
  private final OrcRows rows = new OrcRows();
  private DataWriter<OrcRows> current;
  private FileAppender<OrcRows> currentAppender;
  private String currentLocation;
  private long currentRows;

  OrcPartitionWriter(ColumnarFiles files, StructLike partition, ProvenanceLog provenance) {
    super(files, partition, provenance);
    Table table = files.table();
    Preconditions.checkArgument(
        table.encryption() instanceof PlaintextEncryptionManager,
        "Cannot write ORC files for table %s: it is encrypted, and Iceberg's ORC files have no"
            + " encryption",
        table.name());
    checkBloomFilterColumns(table, files.properties(), files.schema());
    this.layout = ArrowLayout.of(files.schema());
    this.metricsConfig = MetricsConfig.forTable(table);
    // Types ORC cannot take fail here, before a file exists.
    new OrcBatchWriter(files.schema());
  }

  @Override
  public void write(VectorSchemaRoot columns, int[] order, int from, int to) {
    checkWrite(order, from, to, order != null ? order.length : columns.getRowCount());
    LayoutCheck.check(layout, columns.getFieldVectors(), columns.getRowCount());
    rows.reset(columns.getFieldVectors(), columns.getRowCount(), order, from, to);
    try {
      while (rows.hasNext()) {
        if (current == null) {
          open();
        }
        rows.limit(ROWS_DIVISOR - (int) (currentRows % ROWS_DIVISOR));
        current.write(rows);
        currentRows += rows.taken();
        if (currentRows % ROWS_DIVISOR == 0 && current.length() >= files.targetFileSize()) {
          roll();
        }
      }
    } catch (RuntimeException | Error e) {
      failed(e);
      throw e;
    } finally {
      rows.reset(null, 0, null, 0, 0);
    }
  }

  @Override
  boolean hasOpenFile() {
    return current != null;
  }

  @Override
  long openFileRecords() {
    return currentRows;
  }

  @Override
  DataFile closeOpenFile() {
    // Kept open until closed, so that a failed close is aborted too.
    String provenance = provenanceOf(currentRows);
    if (provenance != null) {
      OrcUserMetadata.add(currentAppender, Provenance.KEY, provenance);
    }
    closeWriter();
    DataFile file = current.toDataFile();
    current = null;
    return file;
  }

  @Override
  void abortOpenFile() {
    try {
      closeWriter();
    } finally {
      current = null;
    }
  }

  private void closeWriter() {
    try {
      current.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close " + currentLocation, e);
    }
  }

  /**
   * ORC skips a bloom filter column it cannot find (names matched as ORC does: trimmed, dotted
   * through structs, ignoring case), so a typo would silently write files without the filter.
   */
  private static void checkBloomFilterColumns(
      Table table, Map<String, String> properties, org.apache.iceberg.Schema schema) {
    String columns =
        properties.getOrDefault(
            TableProperties.ORC_BLOOM_FILTER_COLUMNS,
            properties.getOrDefault(OrcConf.BLOOM_FILTER_COLUMNS.getAttribute(), ""));
    TypeDescription orcSchema = ORCSchemaUtil.convert(schema);
    for (String column : columns.split(",")) {
      String name = column.trim();
      Preconditions.checkArgument(
          name.isEmpty() || findColumn(orcSchema, name),
          "Cannot write ORC files for table %s: bloom filter column '%s' in %s is not a column",
          table.name(),
          name,
          TableProperties.ORC_BLOOM_FILTER_COLUMNS);
    }
  }

  private static boolean findColumn(TypeDescription struct, String name) {
    TypeDescription type = struct;
    for (String part : name.split("\\.")) {
      if (type.getCategory() != TypeDescription.Category.STRUCT) {
        return true;
      }
      int index = indexOfIgnoreCase(type.getFieldNames(), part);
      if (index < 0) {
        return false;
      }
      type = type.getChildren().get(index);
    }
    return true;
  }

  private static int indexOfIgnoreCase(List<String> names, String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private void open() {
    EncryptedOutputFile file = newOutputFile();
    String location = file.encryptingOutputFile().location();
    this.currentLocation = location;
    FileAppender<OrcRows> appender =
        ORC.write(file)
            .schema(files.schema())
            .setAll(files.properties())
            .metricsConfig(metricsConfig)
            .createWriterFunc((schema, orcSchema) -> new OrcBatchWriter(schema))
            .overwrite()
            .build();
    this.currentAppender = appender;
    this.current =
        new DataWriter<>(
            appender, FileFormat.ORC, location, spec, partition, file.keyMetadata(), null);
    this.currentRows = 0;
  }
}
