package dev.floe.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * What a user writes by hand with Iceberg's generic writer: fan out by partition, one commit per
 * batch. Returns the bytes written.
 */
final class GenericWriterBaseline {
  private static final long TARGET_FILE_SIZE = 128L << 20;

  private GenericWriterBaseline() {}

  static long append(Table table, FileFormat format, List<Record> batch, int batchNumber) {
    AppendFiles append = table.newAppend();
    long bytes = 0;
    for (DataFile file : write(table, format, batchNumber, batch)) {
      append.appendFile(file);
      bytes += file.fileSizeInBytes();
    }
    append.commit();
    return bytes;
  }

  /**
   * Writes {@code rows} fanned out by partition (files rolled at 128 MiB) as task {@code taskId};
   * commits nothing. The hand-written compaction baseline writes the same way.
   */
  static List<DataFile> write(Table table, FileFormat format, int taskId, Iterable<Record> rows) {
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 1, taskId)
            .format(format)
            .operationId(UUID.randomUUID().toString())
            .build();
    GenericFileWriterFactory factory =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(format).build();
    PartitionKey key = new PartitionKey(table.spec(), table.schema());
    InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
    FanoutDataWriter<Record> writer =
        new FanoutDataWriter<>(factory, files, table.io(), TARGET_FILE_SIZE);
    try (writer) {
      for (Record row : rows) {
        key.partition(wrapper.wrap(row));
        writer.write(row, table.spec(), key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.result().dataFiles();
  }
}
