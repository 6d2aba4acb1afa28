package dev.floe.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * What a user writes by hand to compact without Spark: read every row with {@code IcebergGenerics},
 * write them again partitioned with the generic writer, and swap the files in one {@code
 * RewriteFiles} commit. Returns the input bytes rewritten.
 */
final class CompactionBaseline {
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
    List<DataFile> outputs;
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(table).useSnapshot(start.snapshotId()).build()) {
      outputs = GenericWriterBaseline.write(table, format, 1, rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(start.snapshotId());
    inputs.forEach(rewrite::deleteFile);
    outputs.forEach(rewrite::addFile);
    rewrite.commit();
    return inputs.stream().mapToLong(DataFile::fileSizeInBytes).sum();
  }
}
