package dev.floe.timetravel;

import dev.floe.catalog.exceptions.LockVerificationException;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A shard's rows as batches of the outer {@link ArrowBatches}' root, taken from a verified read of
 * its units ({@code open}, which starts that read from its first unit each time): rows shuffled
 * within each unit when {@code rowSeed} is set, cut at {@code length} rows, and, with {@code
 * repeat}, started again until {@code length} rows went out (the padding of {@link
 * EqualShards#PAD}). Memory: one unit's rows when shuffling (they are permuted together), else one
 * batch; the read underneath holds a unit while it checks its digest.
 */
final class ShardBatches implements FileBatches {
  private final Supplier<ArrowBatches> open;
  private final long length;
  private final boolean repeat;
  private final Long rowSeed;
  private final int batchSize;
  private final BufferAllocator allocator;
  private final String what;
  private final FileListener files;
  private ArrowBatches source;
  private Iterator<VectorSchemaRoot> batches;
  private int fileStarted;
  private Random random;
  private VectorSchemaRoot unit;
  private VectorSchemaRoot block;
  private int[] order;
  private int blockRows;
  private int blockPosition;
  private long emitted;
  private long passRows;

  /**
   * @param length rows to hand out, or -1 for all the read has
   * @param what names the shard in errors
   * @param files told as the read moves from file to file, or null
   */
  ShardBatches(
      Supplier<ArrowBatches> open,
      long length,
      boolean repeat,
      Long rowSeed,
      int batchSize,
      BufferAllocator allocator,
      String what,
      FileListener files) {
    this.open = open;
    this.length = length;
    this.repeat = repeat;
    this.rowSeed = rowSeed;
    this.batchSize = batchSize;
    this.allocator = allocator;
    this.what = what;
    this.files = files;
  }

  @Override
  public boolean hasNext() {
    if (length >= 0 && emitted >= length) {
      return false;
    }
    while (blockPosition >= blockRows) {
      if (!nextBlock()) {
        if (length < 0) {
          return false;
        }
        if (!repeat) {
          throw new LockVerificationException(
              "%s has %s rows, %s were counted before the read: the data changed meanwhile",
              what, emitted, length);
        }
        if (passRows == 0) {
          throw new IllegalArgumentException(
              String.format(
                  "Cannot pad %s: it has no rows to repeat (more shards than units);"
                      + " use fewer shards or equal drop",
                  what));
        }
        restart();
      }
    }
    return true;
  }

  @Override
  public int next(VectorSchemaRoot root, ContentDigest digest) {
    List<FieldVector> targets = root.getFieldVectors();
    targets.forEach(ValueVector::reset);
    int rows = (int) Math.min(blockRows - blockPosition, batchSize);
    if (length >= 0) {
      rows = (int) Math.min(rows, length - emitted);
    }
    List<FieldVector> sources = block.getFieldVectors();
    for (int c = 0; c < targets.size(); c++) {
      FieldVector target = targets.get(c);
      FieldVector from = sources.get(c);
      for (int i = 0; i < rows; i++) {
        int row = blockPosition + i;
        target.copyFromSafe(order == null ? row : order[row], i, from);
      }
    }
    blockPosition += rows;
    emitted += rows;
    return FileBatches.filled(root, rows, digest, List.of());
  }

  // The next batch of the read (or, shuffling, the next unit's rows, permuted); false at its end.
  private boolean nextBlock() {
    if (source == null) {
      restart();
    }
    if (rowSeed == null) {
      if (!batches.hasNext()) {
        return false;
      }
      block = batches.next();
      return started(block.getRowCount(), null);
    }
    if (unit == null) {
      unit = VectorSchemaRoot.create(source.schema(), allocator);
      unit.allocateNew();
    }
    unit.getFieldVectors().forEach(ValueVector::reset);
    int rows = 0;
    int file = -1;
    // Batches never span files, and the next file is announced before its first batch.
    while (batches.hasNext() && (file == -1 || fileStarted == file)) {
      VectorSchemaRoot batch = batches.next();
      file = fileStarted;
      append(batch, rows);
      rows += batch.getRowCount();
    }
    if (file == -1) {
      return false;
    }
    unit.setRowCount(rows);
    block = unit;
    return started(rows, Shards.permutation(rows, random));
  }

  private boolean started(int rows, int[] permutation) {
    blockRows = rows;
    blockPosition = 0;
    order = permutation;
    passRows += rows;
    return true;
  }

  private void append(VectorSchemaRoot batch, int at) {
    List<FieldVector> targets = unit.getFieldVectors();
    List<FieldVector> sources = batch.getFieldVectors();
    for (int c = 0; c < targets.size(); c++) {
      for (int i = 0; i < batch.getRowCount(); i++) {
        targets.get(c).copyFromSafe(i, at + i, sources.get(c));
      }
    }
  }

  // Opens the read from its first unit; the same seed gives the same rows in the same order.
  private void restart() {
    closeSource();
    passRows = 0;
    blockRows = 0;
    blockPosition = 0;
    random = rowSeed == null ? null : new Random(rowSeed);
    source = open.get();
    batches = source.iterator();
    source.onFileStarted(
        (file, count) -> {
          fileStarted = file;
          if (files != null) {
            files.opened(file, count);
          }
        });
  }

  private void closeSource() {
    if (source != null) {
      ArrowBatches closing = source;
      source = null;
      batches = null;
      block = null;
      closing.close();
    }
  }

  @Override
  public void close() {
    try {
      closeSource();
    } finally {
      if (unit != null) {
        unit.close();
        unit = null;
      }
    }
  }
}
