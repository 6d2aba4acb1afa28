package dev.floe.timetravel;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.BaseRepeatedValueVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;

/**
 * A list of fixed-width values (an embedding), decoded from its Parquet column straight into a
 * {@link ListVector}: a page's levels are decoded at once, and each row's run of non-null elements
 * is one copy into the element vector. Rows may continue from one page to the next.
 *
 * <p>Definition levels, for an Iceberg list of three Parquet levels: below {@code listDef} the list
 * is null, at it the list is empty, above it an element exists, and at the column's maximum the
 * element has a value.
 */
final class ListColumn implements PageDecoder {
  private final PageColumn elements;
  private final int listDef;
  private final int maxDef;
  private int[] reps = new int[0];
  private int[] defs = new int[0];
  private int entries;
  private int at;
  private boolean chunkDone;

  ListColumn(ColumnDescriptor column, String name, int listDef) {
    this.elements = new PageColumn(column, name);
    this.listDef = listDef;
    this.maxDef = column.getMaxDefinitionLevel();
  }

  @Override
  public ColumnDescriptor descriptor() {
    return elements.descriptor();
  }

  @Override
  public void start(PageReadStore group) {
    elements.start(group.getPageReader(elements.descriptor()));
    entries = 0;
    at = 0;
    chunkDone = false;
  }

  @Override
  public void read(FieldVector vector, int row, int rows) {
    ListVector list = (ListVector) vector;
    ArrowBuf offsets = list.getOffsetBuffer();
    BaseFixedWidthVector values = (BaseFixedWidthVector) list.getDataVector();
    int value = offsets.getInt((long) row * BaseRepeatedValueVector.OFFSET_WIDTH);
    for (int end = row + rows; row < end; row++) {
      if (!next()) {
        throw new IllegalStateException(
            "Corrupt Parquet file: column "
                + String.join(".", descriptor().getPath())
                + " has fewer rows than its row group");
      }
      int def = defs[at];
      if (def >= listDef) {
        BitVectorHelper.setBit(list.getValidityBuffer(), row);
      }
      if (def <= listDef) {
        at++; // a null or empty list
      } else {
        value = elements(values, value);
      }
      offsets.setInt((long) (row + 1) * BaseRepeatedValueVector.OFFSET_WIDTH, value);
    }
  }

  // Writes the elements of the row starting at `at`, from `value` on; returns the next value index.
  private int elements(BaseFixedWidthVector values, int value) {
    boolean first = true;
    while (next() && (first || reps[at] > 0)) {
      int end = at + 1;
      while (end < entries && reps[end] > 0) {
        end++;
      }
      int count = end - at;
      while (values.getValueCapacity() < value + count) {
        values.reAlloc();
      }
      for (int i = at; i < end; ) {
        if (defs[i] != maxDef) {
          i++; // a null element
          continue;
        }
        int run = i + 1;
        while (run < end && defs[run] == maxDef) {
          run++;
        }
        elements.values(values, value + (i - at), run - i);
        i = run;
      }
      value += count;
      at = end;
      first = false;
      if (at < entries) {
        break; // the next entry starts a new row
      }
    }
    return value;
  }

  // Whether an entry is left in the chunk, loading the next page when this one is used up.
  private boolean next() {
    while (at == entries) {
      if (chunkDone || !elements.loadPage()) {
        chunkDone = true;
        return false;
      }
      entries = elements.pageEntries();
      if (reps.length < entries) {
        reps = new int[entries];
        defs = new int[entries];
      }
      elements.pageLevels(reps, defs);
      at = 0;
    }
    return true;
  }
}
