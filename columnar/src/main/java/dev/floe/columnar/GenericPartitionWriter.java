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
import org.apache.iceberg.io.RollingDataWriter;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.Types;

/**
 * A {@link PartitionWriter} through Iceberg's generic record writers: each row of the vectors is
 * read into one reused {@link Record} and handed to a {@link RollingDataWriter}. Any format Iceberg
 * writes generic records in works; the cost is a Java object per value read, which the format's own
 * columnar writers avoid. Its files carry no provenance: Iceberg's writers take file metadata only
 * when a file opens, before its rows are known; rows logged for them are dropped.
 */
final class GenericPartitionWriter implements PartitionWriter {
  private final ColumnarFiles files;
  private final Schema schema;
  private final RollingDataWriter<Record> writer;
  private final GenericRecord record;
  private final ProvenanceLog provenance;
  private VectorSchemaRoot lastRoot;
  private VectorValues.Reader[] readers;
  private List<DataFile> written;
  private boolean closed;

  GenericPartitionWriter(ColumnarFiles files, StructLike partition, ProvenanceLog provenance) {
    this.files = files;
    this.provenance = provenance;
    this.schema = files.schema();
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(files.table())
            .dataFileFormat(files.format())
            .dataSchema(schema)
            .build();
    this.writer =
        new RollingDataWriter<>(
            writers,
            files.outputFiles(),
            files.table().io(),
            files.targetFileSize(),
            files.spec(),
            partition);
    this.record = GenericRecord.create(schema);
  }

  @Override
  public void write(VectorSchemaRoot columns, int[] order, int from, int to) {
    Preconditions.checkState(!closed, "Cannot write: the partition writer is closed");
    Preconditions.checkArgument(
        0 <= from && from <= to && to <= (order == null ? columns.getRowCount() : order.length),
        "Invalid rows [%s, %s) of %s",
        from,
        to,
        order == null ? columns.getRowCount() + " rows" : order.length + " ordered rows");
    VectorValues.Reader[] columnReaders = readers(columns);
    for (int i = from; i < to; i++) {
      int row = order == null ? i : order[i];
      for (int c = 0; c < columnReaders.length; c++) {
        record.set(c, columnReaders[c].read(row));
      }
      writer.write(record);
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
  public List<DataFile> finish() {
    Preconditions.checkState(!closed, "Cannot finish: the partition writer is closed");
    closeWriter();
    this.written = writer.result().dataFiles();
    this.closed = true;
    return written;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeWriter();
    } finally {
      // A writer whose close failed has no result: its file is left to orphan removal.
      List<DataFile> orphans = written();
      orphans.forEach(file -> deleteQuietly(file.location()));
    }
  }

  private void closeWriter() {
    lastRoot = null;
    readers = null;
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close a data file: " + e.getMessage(), e);
    }
  }

  private List<DataFile> written() {
    try {
      return writer.result().dataFiles();
    } catch (IllegalStateException e) {
      return List.of();
    }
  }

  private void deleteQuietly(String location) {
    try {
      files.table().io().deleteFile(location);
    } catch (RuntimeException e) {
      // Best effort: an orphan file is harmless and orphan removal collects it later.
    }
  }
}
