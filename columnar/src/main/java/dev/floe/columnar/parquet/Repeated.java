package dev.floe.columnar.parquet;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;

/**
 * A repeated Parquet leaf column (a list's elements, a map's keys or values) as a cursor over its
 * level entries: a page's levels are decoded at once, and runs of values are written into the
 * element vector with one call per run. A row's entries may continue from one page to the next.
 */
final class Repeated {
  private final PageColumn column;
  private final int maxDef;
  private final String path; // for errors, joined once: def() runs per row
  private int[] reps = new int[0];
  private int[] defs = new int[0];
  private int entries;
  private int at;
  private boolean chunkDone;

  Repeated(ColumnDescriptor descriptor, String name) {
    this.column = new PageColumn(descriptor, name);
    this.maxDef = descriptor.getMaxDefinitionLevel();
    this.path = String.join(".", descriptor.getPath());
  }

  ColumnDescriptor descriptor() {
    return column.descriptor();
  }

  void start(PageReadStore group) {
    column.start(group);
    entries = 0;
    at = 0;
    chunkDone = false;
  }

  /** The definition level of the entry at the cursor; throws when the chunk is used up. */
  int def() {
    boolean more = next();
    Preconditions.checkState(
        more, "Corrupt Parquet file: column %s has fewer rows than its row group", path);
    return defs[at];
  }

  /** Moves past one entry (a null or empty list or map). */
  void skip() {
    def();
    at++;
  }

  /**
   * Writes the elements of the row starting at the cursor into {@code values} from {@code value}
   * on, and moves past them; returns how many there were.
   */
  int row(FieldVector values, int value) {
    int written = 0;
    boolean first = true;
    while (next() && (first || reps[at] > 0)) {
      int end = at + 1;
      while (end < entries && reps[end] > 0) {
        end++;
      }
      int count = end - at;
      write(values, value + written, count);
      written += count;
      first = false;
      if (at < entries) {
        break; // the next entry starts a new row
      }
    }
    return written;
  }

  /** Writes exactly the next {@code count} entries, as {@link #row} does. */
  void entries(FieldVector values, int value, int count) {
    while (count > 0) {
      def();
      int take = Math.min(count, entries - at);
      write(values, value, take);
      value += take;
      count -= take;
    }
  }

  // Writes entries [at, at + count) of this page: runs of values, and nulls between them.
  private void write(FieldVector values, int value, int count) {
    while (values.getValueCapacity() < value + count) {
      values.reAlloc();
    }
    int end = at + count;
    while (at < end) {
      if (defs[at] == maxDef) {
        int run = at + 1;
        while (run < end && defs[run] == maxDef) {
          run++;
        }
        column.values(values, value, run - at);
        value += run - at;
        at = run;
      } else {
        if (values instanceof BaseVariableWidthVector strings) {
          ArrowBuf offsets = strings.getOffsetBuffer();
          int offset = BaseVariableWidthVector.OFFSET_WIDTH;
          offsets.setInt((long) (value + 1) * offset, offsets.getInt((long) value * offset));
        }
        value++; // a null element: validity stays unset
        at++;
      }
    }
  }

  // Whether an entry is left in the chunk, loading the next page when this one is used up.
  private boolean next() {
    while (at == entries) {
      if (chunkDone || !column.loadPage()) {
        chunkDone = true;
        return false;
      }
      entries = column.pageEntries();
      if (reps.length < entries) {
        reps = new int[entries];
        defs = new int[entries];
      }
      column.pageLevels(reps, defs);
      at = 0;
    }
    return true;
  }
}
