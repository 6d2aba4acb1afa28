package dev.floe.compaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.RollingDataWriter;

/**
 * Writes rows through Iceberg's generic writers, for schemas with types that have no Arrow layout
 * (v3's variant, geometry, geography and unknown): slower than {@link ChunkedWriter}, never
 * refused. Like it, {@link #close()} without {@link #finish()} deletes every file written.
 */
final class RecordWriter implements GroupRewriter.RowSink {
  private final Table table;
  private final RollingDataWriter<Record> writer;
  private boolean closed;
  private boolean finished;

  RecordWriter(
      Table table,
      GenericFileWriterFactory writers,
      OutputFileFactory files,
      long targetFileSizeBytes,
      PartitionSpec spec,
      StructLike partition) {
    this.table = table;
    this.writer =
        new RollingDataWriter<>(writers, files, table.io(), targetFileSizeBytes, spec, partition);
  }

  @Override
  public void write(Record row) {
    writer.write(row);
  }

  @Override
  public List<DataFile> finish() {
    closeWriter();
    finished = true;
    return writer.result().dataFiles();
  }

  @Override
  public void close() {
    if (finished) {
      return;
    }
    try {
      closeWriter();
    } finally {
      List<DataFile> written;
      try {
        written = writer.result().dataFiles();
      } catch (RuntimeException e) {
        // The writer failed while closing, so it cannot say what it wrote: orphan cleanup will.
        written = List.of();
      }
      written.forEach(file -> table.io().deleteFile(file.location()));
    }
  }

  private void closeWriter() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
