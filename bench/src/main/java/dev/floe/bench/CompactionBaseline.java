package dev.floe.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * What a user writes by hand to compact without Spark: read every row with {@code IcebergGenerics},
 * write them again partitioned with the generic writer, and swap the files in one {@code
 * RewriteFiles} commit. Returns the input bytes rewritten.
 */
final class CompactionBaseline {
  private static final long TARGET_FILE_SIZE = 128L << 20;

  private CompactionBaseline() {}

  static long rewrite(Table table, FileFormat format) {
    Snapshot start = table.currentSnapshot();
    List<DataFile> inputs;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      inputs =
          java.util.stream.StreamSupport.stream(tasks.spliterator(), false)
              .map(FileScanTask::file)
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 1, 1)
            .format(format)
            .operationId(UUID.randomUUID().toString())
            .build();
    GenericFileWriterFactory factory =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(format).build();
    PartitionKey key = new PartitionKey(table.spec(), table.schema());
    InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
    FanoutDataWriter<Record> writer =
        new FanoutDataWriter<>(factory, files, table.io(), TARGET_FILE_SIZE);
    try (writer;
        CloseableIterable<Record> rows =
            IcebergGenerics.read(table).useSnapshot(start.snapshotId()).build()) {
      for (Record row : rows) {
        key.partition(wrapper.wrap(row));
        writer.write(row, table.spec(), key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(start.snapshotId());
    inputs.forEach(rewrite::deleteFile);
    writer.result().dataFiles().forEach(rewrite::addFile);
    rewrite.commit();
    return inputs.stream().mapToLong(DataFile::fileSizeInBytes).sum();
  }
}
