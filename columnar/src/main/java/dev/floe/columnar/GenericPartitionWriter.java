package dev.floe.columnar;

import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.Types;

/**
 * A {@link PartitionWriter} through Iceberg's generic record writers: each row of the vectors is
 * read into one reused {@link Record} and handed to a {@link DataWriter}, rolling to a new file as
 * Iceberg's RollingDataWriter does (every 1000 rows of a file, once it reaches the target size).
 * Any format Iceberg writes generic records in works; the cost is a Java object per value read,
 * which the format's own columnar writers avoid. Its files carry the provenance of their rows as
 * the other writers' do, added when each file closes ({@link GenericFile}: for Avro, at the cost of
 * staging the rows on local disk and copying their blocks once).
 */
final class GenericPartitionWriter extends RollingPartitionWriter {
  private final Schema schema;
  private final GenericFileWriterFactory writers;
  private final GenericRecord record;
  private final boolean withProvenance;
  private VectorSchemaRoot lastRoot;
  private VectorValues.Reader[] readers;
  private GenericFile current;
  private long currentRows;

  GenericPartitionWriter(ColumnarFiles files, StructLike partition, ProvenanceLog provenance) {
    super(files, partition, provenance);
    this.withProvenance = provenance != null;
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
        append(record);
      }
    } catch (RuntimeException e) {
      failed(e);
      throw e;
    }
  }

  /** Writes one record of the files' schema ({@link RecordPartitionWriter}). */
  void write(Record row) {
    checkWrite(null, 0, 0, 0);
    try {
      append(row);
    } catch (RuntimeException e) {
      failed(e);
      throw e;
    }
  }

  private void append(Record row) {
    if (current == null) {
      current =
          GenericFile.open(
              writers, files.format(), newOutputFile(), spec, partition, withProvenance);
      currentRows = 0;
    }
    current.write(row);
    currentRows++;
    if (currentRows % ROWS_DIVISOR == 0 && current.length() >= files.targetFileSize()) {
      roll();
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
    GenericFile file = current;
    long rows = currentRows;
    current = null;
    lastRoot = null;
    readers = null;
    return file.close(provenanceOf(rows));
  }

  @Override
  void abortOpenFile() {
    GenericFile file = current;
    current = null;
    file.abort();
  }
}
