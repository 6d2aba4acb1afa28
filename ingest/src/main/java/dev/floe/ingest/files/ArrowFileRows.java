package dev.floe.ingest.files;

import dev.floe.ingest.Batch;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Reads an Arrow IPC file (random-access format) or stream one record batch at a time; a record
 * batch larger than the batch size is appended in slices. Columns match the table by name.
 */
final class ArrowFileRows implements RowBatches {
  private final Path file;
  private final boolean handOver; // Arrow batches of their own, else map rows
  private final ArrowReader reader;
  private VectorSchemaRoot root;
  private int offset; // the next row of the current record batch
  private long firstRow;
  private long rowsBefore; // rows of the record batches before the current one

  ArrowFileRows(Path file, boolean fileFormat, BufferAllocator allocator, boolean handOver) {
    this.file = file;
    this.handOver = handOver;
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      if (!fileFormat) {
        try {
          checkFirstMessage(channel);
        } catch (IOException e) {
          channel.close();
          throw e;
        }
      }
      this.reader =
          fileFormat
              ? new ArrowFileReader(channel, allocator)
              : new ArrowStreamReader(channel, allocator);
      this.root = reader.getVectorSchemaRoot();
      this.root.setRowCount(0);
    } catch (IOException | RuntimeException e) {
      throw new BadInputException(
          file,
          String.format(
              "not a readable Arrow IPC %s: %s", fileFormat ? "file" : "stream", e.getMessage()));
    }
  }

  /**
   * Arrow's stream reader allocates a heap buffer of the first message's stated length before it
   * reads it: four bytes of text stated 1.8 GB and ran the JVM out of memory. A length the file
   * cannot hold is not Arrow.
   */
  private static void checkFirstMessage(FileChannel channel) throws IOException {
    java.nio.ByteBuffer prefix =
        java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    while (prefix.hasRemaining() && channel.read(prefix) > 0) {
      // a file channel may return fewer bytes than asked
    }
    prefix.flip();
    long length = -1;
    long after = 4;
    if (prefix.remaining() >= 4) {
      int first = prefix.getInt(0);
      // 0xFFFFFFFF is the continuation marker of the current format; without it, the older one.
      if (first == -1 && prefix.remaining() >= 8) {
        length = prefix.getInt(4);
        after = 8;
      } else if (first != -1) {
        length = first;
      }
    }
    if (length < 0 || length > channel.size() - after) {
      throw new IOException(
          String.format(
              "its first message states %d bytes, more than the file's %d",
              length, channel.size()));
    }
    channel.position(0);
  }

  /** The schema message of the file, read when it was opened. */
  org.apache.arrow.vector.types.pojo.Schema arrowSchema() {
    return root.getSchema();
  }

  @Override
  public Batch next(long sequence, int max) {
    try {
      while (offset >= root.getRowCount()) {
        rowsBefore += root.getRowCount();
        offset = 0;
        if (!reader.loadNextBatch()) {
          return null;
        }
      }
    } catch (IOException | RuntimeException e) {
      throw BadInputException.atRow(file, rowsBefore, "cannot read: " + e.getMessage());
    }
    firstRow = rowsBefore + offset;
    int length = Math.min(max, root.getRowCount() - offset);
    if (!handOver) {
      // Read into map rows now: the root is reloaded with the next record batch before the writer
      // sees this one, and Batch.ofArrow reads its root while the batch is appended.
      Batch batch;
      if (offset == 0 && length == root.getRowCount()) {
        batch = Batch.ofRows(sequence, List.copyOf(Batch.ofArrow(sequence, root).rows()));
      } else {
        try (VectorSchemaRoot slice = root.slice(offset, length)) {
          batch = Batch.ofRows(sequence, List.copyOf(Batch.ofArrow(sequence, slice).rows()));
        }
      }
      offset += length;
      return batch;
    }
    // Handed over as vectors of its own: the root is reloaded with the next record batch while the
    // writer may still be reading this one. The caller closes it (ArrowInput.release).
    VectorSchemaRoot own;
    if (offset == 0 && length == root.getRowCount()) {
      List<FieldVector> moved = new ArrayList<>();
      for (FieldVector vector : root.getFieldVectors()) {
        TransferPair transfer = vector.getTransferPair(vector.getAllocator());
        transfer.transfer();
        moved.add((FieldVector) transfer.getTo());
      }
      own = new VectorSchemaRoot(root.getSchema().getFields(), moved, length);
    } else {
      own = root.slice(offset, length);
    }
    Batch batch = Batch.ofArrow(sequence, own);
    offset += length;
    return batch;
  }

  @Override
  public BadInputException at(int index, String what) {
    // The row of the file replaces the row of the batch.
    return BadInputException.atRow(file, firstRow + index, what.replaceFirst("^row \\d+ ", ""));
  }

  @Override
  public void close() {
    try {
      reader.close(); // closes the root and the channel
    } catch (IOException e) {
      // Read-only: nothing to lose.
    }
  }
}
