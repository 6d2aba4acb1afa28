package dev.floe.compaction;

import dev.floe.columnar.Contribution;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderComparators;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The record path of a sorting rewrite: a group's live rows read as records, up to {@code maxRows}
 * at a time, sorted (stable) and written to files of their own, each row with the origin its input
 * file's provenance gives it. {@link SortedPages} does the same on vectors.
 */
final class SortedRecords {
  private final Table table;
  private final RecordFiles records;
  private final Schema schema;
  private final SortOrder order;
  private final int maxRows;

  SortedRecords(Table table, RecordFiles records, Schema schema, SortOrder order, int maxRows) {
    this.table = table;
    this.records = records;
    this.schema = schema;
    this.order = order;
    this.maxRows = maxRows;
  }

  /**
   * Rewrites {@code group} into files that {@code writers} opens, adding each to {@code written} as
   * it is finished, and the rows read and written to {@code tally}.
   */
  void rewrite(
      FileGroup group,
      Supplier<GroupRewriter.RowSink> writers,
      GroupDeleteFilter.Cache deletes,
      List<DataFile> written,
      PageFiles.Tally tally)
      throws IOException {
    List<Record> buffer = new ArrayList<>();
    List<Contribution> bufferOrigins = new ArrayList<>();
    for (DataFile file : group.files()) {
      RowOrigins origins = RowOrigins.of(table.io(), file);
      try (CloseableIterable<Record> rows =
          records.liveRows(group, file, deletes, tally, origins)) {
        for (Record row : rows) {
          buffer.add(row);
          bufferOrigins.add(origins.current());
          tally.live++;
          if (buffer.size() >= maxRows) {
            written.addAll(writeSorted(buffer, bufferOrigins, writers));
            buffer.clear();
            bufferOrigins.clear();
          }
        }
      }
    }
    if (!buffer.isEmpty()) {
      written.addAll(writeSorted(buffer, bufferOrigins, writers));
    }
  }

  private List<DataFile> writeSorted(
      List<Record> rows, List<Contribution> origins, Supplier<GroupRewriter.RowSink> writers) {
    // A comparator per call: its row wrappers are not thread-safe, and groups sort in parallel.
    Comparator<StructLike> byOrder = internalOrder();
    // Indexes sorted (stable, as rows.sort was), so each row keeps its origin.
    Integer[] sorted = new Integer[rows.size()];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = i;
    }
    Arrays.sort(sorted, (a, b) -> byOrder.compare(rows.get(a), rows.get(b)));
    try (GroupRewriter.RowSink writer = writers.get()) {
      for (int i : sorted) {
        writer.write(rows.get(i), origins.get(i));
      }
      return writer.finish();
    }
  }

  /** Compares generic rows by their internal values (timestamps as micros), as Iceberg sorts. */
  private Comparator<StructLike> internalOrder() {
    Comparator<StructLike> internal = SortOrderComparators.forSchema(schema, order);
    InternalRecordWrapper left = new InternalRecordWrapper(schema.asStruct());
    InternalRecordWrapper right = new InternalRecordWrapper(schema.asStruct());
    return (a, b) -> internal.compare(left.wrap(a), right.wrap(b));
  }
}
