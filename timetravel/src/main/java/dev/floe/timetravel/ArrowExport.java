package dev.floe.timetravel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;

/**
 * Writes Arrow batches into one Arrow IPC file: the file format ({@code pyarrow.ipc.open_file},
 * {@code pyarrow.dataset}, Feather readers) or the stream format ({@code pyarrow.ipc.open_stream}).
 * The file is written under a hidden temporary name beside {@code file} and moved onto it only
 * after the batches ran out without an error, so batches that check a digest when exhausted (those
 * of {@link Rehydration#arrow}) publish verified data or nothing. Callers go through {@link
 * Rehydration#writeArrow}.
 */
final class ArrowExport {
  private ArrowExport() {}

  /**
   * Drains {@code batches} into {@code file} ({@code stream}: the stream format, else the file
   * format), replacing it; tells {@code progress} the rows of each batch written. No rows still
   * give a readable file that carries the schema. Returns the row count. The caller still closes
   * the batches.
   */
  static long write(
      ArrowBatches batches,
      Path file,
      boolean stream,
      BufferAllocator allocator,
      LongConsumer progress) {
    long rows = 0;
    try (StagedFile staged = StagedFile.create(file)) {
      try (FileChannel channel = create(staged.path())) {
        ArrowWriter writer = null;
        for (VectorSchemaRoot root : batches) {
          if (writer == null) {
            // ArrowBatches reuses one root, so one writer bound to it sees every batch.
            writer = start(root, channel, stream);
          }
          writer.writeBatch();
          rows += root.getRowCount();
          progress.accept(root.getRowCount());
        }
        if (writer == null) {
          try (VectorSchemaRoot empty = VectorSchemaRoot.create(batches.schema(), allocator);
              ArrowWriter schemaOnly = start(empty, channel, stream)) {
            schemaOnly.end();
          }
        } else {
          writer.end();
          writer.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
      }
      staged.publish();
    }
    return rows;
  }

  /** A new file for a writer; fails if it exists (staged names are fresh). */
  static FileChannel create(Path path) throws IOException {
    return FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
  }

  /** A started writer of {@code root}'s batches into {@code channel}; its end() finishes it. */
  static ArrowWriter start(VectorSchemaRoot root, FileChannel channel, boolean stream)
      throws IOException {
    ArrowWriter writer =
        stream
            ? new ArrowStreamWriter(root, null, channel)
            : new ArrowFileWriter(root, null, channel);
    writer.start();
    return writer;
  }
}
