package dev.floe.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.OutputFileFactory;

/** Writes a batch into partitioned data files; commits nothing. */
final class BatchFiles {
  private BatchFiles() {}

  /**
   * Converts and writes every record of {@code batch} in {@code schema} (the table's, read with the
   * spec under the writer's lock: {@code table} may be refreshed meanwhile). If any row fails, the
   * files written so far are deleted and the error is rethrown.
   */
  static List<DataFile> write(
      Table table,
      Schema schema,
      PartitionSpec spec,
      FileFormat format,
      long targetFileSize,
      Batch batch,
      String producer) {
    RowConverter converter = new RowConverter(schema, batch.schema(), describe(batch, producer));
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table)
            .dataFileFormat(format)
            .dataSchema(schema)
            .build();
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 0, batch.sequence())
            .format(format)
            .operationId(UUID.randomUUID().toString())
            .build();
    FanoutDataWriter<Record> writer =
        new FanoutDataWriter<>(writers, files, table.io(), targetFileSize);
    PartitionKey key = spec.isUnpartitioned() ? null : new PartitionKey(spec, schema);
    // Partition transforms need Iceberg's internal values (micros, days), not java.time objects.
    InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
    try {
      List<Record> records = batch.records();
      for (int row = 0; row < records.size(); row++) {
        Record record = converter.convert(records.get(row), row);
        if (key != null) {
          key.partition(wrapper.wrap(record));
        }
        writer.write(record, spec, key);
      }
    } catch (RuntimeException e) {
      abort(writer, table.io(), e);
      throw e;
    }
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(
          String.format("Cannot write %s: %s", describe(batch, producer), e.getMessage()), e);
    }
    return writer.result().dataFiles();
  }

  static void delete(FileIO io, List<DataFile> files) {
    for (DataFile file : files) {
      try {
        io.deleteFile(file.location());
      } catch (RuntimeException e) {
        // Best effort: an orphan file is harmless and orphan removal collects it later.
      }
    }
  }

  static String describe(Batch batch, String producer) {
    return "batch " + batch.sequence() + " of producer " + producer;
  }

  private static void abort(FanoutDataWriter<Record> writer, FileIO io, RuntimeException cause) {
    try {
      writer.close();
      delete(io, writer.result().dataFiles());
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
