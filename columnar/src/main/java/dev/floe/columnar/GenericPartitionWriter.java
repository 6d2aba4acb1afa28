package dev.floe.columnar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.Types;

/**
 * A {@link PartitionWriter} through Iceberg's generic record writers: each row of the vectors is
 * read into one reused {@link Record} and handed to a {@link DataWriter}, rolling to a new file as
 * Iceberg's RollingDataWriter does (every 1000 rows of a file, once it reaches the target size).
 * Any format Iceberg writes generic records in works; the cost is a Java object per value read,
 * which the format's own columnar writers avoid. Its files carry no provenance: Iceberg's writers
 * take file metadata only when a file opens, before its rows are known; rows logged for them are
 * dropped.
 */
final class GenericPartitionWriter extends RollingPartitionWriter {
  private final Schema schema;
  private final GenericFileWriterFactory writers;
  private final GenericRecord record;
  private final ProvenanceLog provenance;
  private VectorSchemaRoot lastRoot;
  private VectorValues.Reader[] readers;
  private DataWriter<Record> current;
  private long currentRows;

  GenericPartitionWriter(ColumnarFiles files, StructLike partition, ProvenanceLog provenance) {
    super(files, partition, provenance);
    this.provenance = provenance;
    this.schema = files.schema();
    this.writers =
        new GenericFileWriterFactory.Builder(files.table())
            .dataFileFormat(files.format())
            .dataSchema(schema)
            .writerProperties(files.writeProperties())
            .build();
    this.record = GenericRecord.create(schema);
  }

  @Override
  public void write(VectorSchemaRoot columns, int[] order, int from, int to) {
    checkWrite(order, from, to, order == null ? columns.getRowCount() : order.length);
    VectorValues.Reader[] columnReaders = readers(columns);
    try {
      for (int i = from; i < to; i++) {
        int row = order == null ? i : order[i];
        for (int c = 0; c < columnReaders.length; c++) {
          record.set(c, columnReaders[c].read(row));
        }
        if (current == null) {
          current = writers.newDataWriter(newOutputFile(), spec, partition);
          currentRows = 0;
        }
        current.write(record);
        currentRows++;
        if (currentRows % ROWS_DIVISOR == 0 && current.length() >= files.targetFileSize()) {
          roll();
        }
      }
    } catch (RuntimeException e) {
      failed(e);
      throw e;
    }
    if (provenance != null) {
      provenance.drop(to - from);
    }
  }

  // Readers bind to vectors: built again only when another root comes.
  private VectorValues.Reader[] readers(VectorSchemaRoot columns) {
    if (columns != lastRoot) {
      List<Types.NestedField> fields = schema.columns();
      Preconditions.checkArgument(
          columns.getFieldVectors().size() == fields.size(),
          "Invalid vectors: %s columns for a schema of %s",
          columns.getFieldVectors().size(),
          fields.size());
      VectorValues.Reader[] built = new VectorValues.Reader[fields.size()];
      for (int c = 0; c < built.length; c++) {
        Types.NestedField field = fields.get(c);
        built[c] = VectorValues.of(columns.getVector(c), field.type(), field.name());
      }
      this.readers = built;
      this.lastRoot = columns;
    }
    return readers;
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
    DataWriter<Record> file = current;
    current = null;
    lastRoot = null;
    readers = null;
    close(file);
    return file.toDataFile();
  }

  @Override
  void abortOpenFile() {
    DataWriter<Record> file = current;
    current = null;
    close(file);
  }

  private static void close(DataWriter<Record> file) {
    try {
      file.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close a data file: " + e.getMessage(), e);
    }
  }
}
