package dev.floe.compaction;

import dev.floe.columnar.Contribution;
import dev.floe.columnar.InternalRow;
import dev.floe.columnar.parquet.PageCodecs;
import dev.floe.columnar.parquet.PageRows;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderComparators;
import org.apache.iceberg.StructLike;

/**
 * A sorting rewrite of a group on the vectorized path: the group's rows are decoded into one root,
 * up to {@code maxRows} live rows at a time, and the indices of the live rows are sorted, not the
 * rows; the writer then takes the rows in that order. The sort is stable and sees rows in the
 * record path's order, with its comparator, so files come out as the record path's would, each row
 * with the origin the record path gives it (its input file's provenance at its position).
 *
 * <p>Only for groups whose every file takes the vectorized path: the first one that does not stops
 * the rewrite, which returns false after deleting what it wrote (the caller then starts over on the
 * record path, a rare case: a file of an older schema, or with equality deletes).
 */
final class SortedPages {
  private final PageFiles pages;
  private final Schema schema;
  private final SortOrder order;
  private final int maxRows;

  SortedPages(PageFiles pages, Schema schema, SortOrder order, int maxRows) {
    this.pages = pages;
    this.schema = schema;
    this.order = order;
    this.maxRows = maxRows;
  }

  /**
   * Rewrites {@code group} into files that {@code writers} opens, pages decompressed by {@code
   * codecs}, adding each to {@code written} as it is finished; returns false, having deleted them
   * and reset the tally, when a file must take the record path.
   */
  boolean rewrite(
      FileGroup group,
      BufferAllocator allocator,
      PageCodecs codecs,
      Supplier<ChunkedWriter> writers,
      GroupDeleteFilter.Cache cache,
      List<DataFile> written,
      PageFiles.Tally tally,
      GroupRewriter cleanup) {
    try (VectorSchemaRoot root = pages.newRoot(allocator)) {
      int[] live = new int[Math.min(maxRows, ChunkedWriter.CHUNK_ROWS)];
      // The origin of each decoded row, by root index: the sort moves indices, not rows.
      Contribution[] origins = new Contribution[live.length];
      int filled = 0;
      int kept = 0;
      for (DataFile file : group.files()) {
        try (PageFiles.Source source = pages.open(group, file, cache, codecs, false)) {
          if (!source.decoded()) {
            cleanup.deleteQuietly(written);
            written.clear();
            tally.read = 0;
            tally.live = 0;
            return false;
          }
          PageRows rows = source.rows();
          while (rows.hasNext()) {
            // At most the live rows still missing: deleted rows only make a chunk take longer.
            int take = Math.min(maxRows - kept, ChunkedWriter.CHUNK_ROWS);
            PageRows.reserve(root, filled + take);
            long first = rows.position();
            int decoded = rows.read(root, filled, take);
            if (live.length < kept + decoded) {
              live = Arrays.copyOf(live, Math.max(kept + decoded, 2 * live.length));
            }
            if (origins.length < filled + decoded) {
              origins = Arrays.copyOf(origins, Math.max(filled + decoded, 2 * origins.length));
            }
            int added = source.select(live, origins, kept, filled, first, decoded);
            filled += decoded;
            kept += added;
            tally.read += decoded;
            tally.live += added;
            if (kept >= maxRows) {
              written.addAll(writeSorted(root, filled, live, kept, origins, writers));
              filled = 0;
              kept = 0;
            }
          }
        }
      }
      if (kept > 0) {
        written.addAll(writeSorted(root, filled, live, kept, origins, writers));
      }
    }
    return true;
  }

  private List<DataFile> writeSorted(
      VectorSchemaRoot root,
      int filled,
      int[] live,
      int kept,
      Contribution[] origins,
      Supplier<ChunkedWriter> writers) {
    PageRows.finish(root, filled);
    Integer[] boxed = new Integer[kept];
    for (int i = 0; i < kept; i++) {
      boxed[i] = live[i];
    }
    // Arrays.sort on objects is stable, as the record path's List.sort.
    Arrays.sort(boxed, comparator(root));
    int[] sorted = new int[kept];
    for (int i = 0; i < kept; i++) {
      sorted[i] = boxed[i];
    }
    try (ChunkedWriter writer = writers.get()) {
      writer.write(root, sorted, kept, origins);
      List<DataFile> files = writer.finish();
      PageFiles.reset(root);
      return files;
    }
  }

  // Per chunk: the comparator's row views are not thread-safe, and groups sort in parallel.
  private Comparator<Integer> comparator(VectorSchemaRoot root) {
    Comparator<StructLike> rows = SortOrderComparators.forSchema(schema, order);
    InternalRow left = InternalRow.of(root.getFieldVectors(), schema.asStruct());
    InternalRow right = InternalRow.of(root.getFieldVectors(), schema.asStruct());
    return (a, b) -> rows.compare(left.at(a), right.at(b));
  }
}
