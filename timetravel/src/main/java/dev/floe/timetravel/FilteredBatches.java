package dev.floe.timetravel;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.Type;

/**
 * Row-level filtering for {@link ParquetPages}, on vectors: delete files (merge-on-read) and the
 * file's residual row filter. Batches are decoded into a private root, and the rows kept are copied
 * into the caller's, in file order. Batches that lose every row are skipped, so each batch handed
 * out has at least one row.
 */
final class FilteredBatches implements FileBatches {
  /** Whether to keep the row at {@code row} of {@code batch}, at {@code position} in its file. */
  interface Keep {
    boolean keep(long position, VectorSchemaRoot batch, int row);
  }

  private final ParquetPages pages;
  private final Keep keep;
  private final List<Type> types;
  private final VectorSchemaRoot decoded;
  private final int[] live;
  private final long[] livePositions;
  private final long[] handedOut; // the positions of the batch last handed out
  private int liveCount;

  FilteredBatches(
      ParquetPages pages,
      Keep keep,
      List<Type> types,
      VectorSchemaRoot like,
      BufferAllocator allocator,
      int batchSize) {
    this.pages = pages;
    this.keep = keep;
    this.types = types;
    this.decoded = VectorSchemaRoot.create(like.getSchema(), allocator);
    this.live = new int[batchSize];
    this.livePositions = new long[batchSize];
    this.handedOut = new long[batchSize];
    pages.trackPositions();
  }

  @Override
  public boolean hasNext() {
    while (liveCount == 0 && pages.hasNext()) {
      int rows = pages.next(decoded, null);
      long[] positions = pages.positions();
      for (int row = 0; row < rows; row++) {
        if (keep.keep(positions[row], decoded, row)) {
          livePositions[liveCount] = positions[row];
          live[liveCount++] = row;
        }
      }
    }
    return liveCount > 0;
  }

  @Override
  public int next(VectorSchemaRoot root, ContentDigest digest) {
    Preconditions.checkState(hasNext(), "No more rows in this file");
    List<FieldVector> sources = decoded.getFieldVectors();
    List<FieldVector> targets = root.getFieldVectors();
    for (int i = 0; i < targets.size(); i++) {
      FieldVector target = targets.get(i);
      target.reset();
      for (int k = 0; k < liveCount; k++) {
        target.copyFromSafe(live[k], k, sources.get(i));
      }
      target.setValueCount(liveCount);
    }
    int rows = liveCount;
    liveCount = 0;
    System.arraycopy(livePositions, 0, handedOut, 0, rows);
    return FileBatches.filled(root, rows, digest, types);
  }

  @Override
  public long[] positions() {
    return handedOut;
  }

  @Override
  public long[] unitRows() {
    return pages.unitRows();
  }

  @Override
  public void close() {
    try {
      pages.close();
    } finally {
      decoded.close();
    }
  }
}
