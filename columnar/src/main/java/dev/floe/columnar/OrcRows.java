package dev.floe.columnar;

import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * What one {@code FileAppender.add} call hands to {@link OrcBatchWriter}: a run of rows of Arrow
 * vectors instead of one row object. Each add takes at most {@link #limit} rows and no more than
 * fit in the appender's batch, so the appender flushes a full batch exactly when its own rows
 * would. One instance is reused for every call of a writer.
 */
final class OrcRows {
  private List<FieldVector> columns;
  private int[] order;
  private int next;
  private int end;
  private int limit;
  private int rowCount;
  private int taken;

  void reset(List<FieldVector> newColumns, int rows, int[] newOrder, int from, int to) {
    this.columns = newColumns;
    this.rowCount = rows;
    this.order = newOrder;
    this.next = from;
    this.end = to;
  }

  List<FieldVector> columns() {
    return columns;
  }

  boolean hasNext() {
    return next < end;
  }

  /** Rows the next add may take at most. */
  void limit(int rows) {
    this.limit = rows;
  }

  /** How many rows the next add takes when {@code room} rows are left in the batch. */
  int take(int room) {
    return Math.min(Math.min(limit, room), end - next);
  }

  /**
   * Writes the source rows of the next {@code n} positions into {@code rows} and moves past them.
   */
  void next(int n, int[] rows) {
    for (int k = 0; k < n; k++) {
      int position = next + k;
      int row = order == null ? position : order[position];
      if (row < 0 || row >= rowCount) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid row order: order[%s] = %s is not a row of a batch of %s",
                position, row, rowCount));
      }
      rows[k] = row;
    }
    next += n;
    taken = n;
  }

  /** Rows the last add took. */
  int taken() {
    return taken;
  }
}
