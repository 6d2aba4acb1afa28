package dev.floe.timetravel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * Writes Arrow batches into one Arrow IPC stream file ({@code pyarrow.ipc.open_stream} reads it).
 * The file is written under a hidden temporary name beside {@code file} and moved onto it only
 * after the batches ran out without an error, so batches that check a digest when exhausted (those
 * of {@link Rehydration#arrow}) publish verified data or nothing. Callers go through {@link
 * Rehydration#writeArrow}.
 */
final class ArrowExport {
  private ArrowExport() {}

  /**
   * Drains {@code batches} into {@code file}, replacing it; tells {@code progress} the rows of each
   * batch written. Returns the row count. The caller still closes the batches.
   */
  static long write(ArrowBatches batches, Path file, LongConsumer progress) {
    long rows = 0;
    try (StagedFile staged = StagedFile.create(file)) {
      try (FileChannel channel =
          FileChannel.open(
              staged.path(), StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
        ArrowStreamWriter writer = null;
        for (VectorSchemaRoot root : batches) {
          if (writer == null) {
            // ArrowBatches reuses one root, so one writer bound to it sees every batch.
            writer = new ArrowStreamWriter(root, null, channel);
            writer.start();
          }
          writer.writeBatch();
          rows += root.getRowCount();
          progress.accept(root.getRowCount());
        }
        if (writer != null) {
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
}
