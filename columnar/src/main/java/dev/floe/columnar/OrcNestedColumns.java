package dev.floe.columnar;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.AbstractStructVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.iceberg.FieldMetrics;
import org.apache.orc.storage.ql.exec.vector.ColumnVector;
import org.apache.orc.storage.ql.exec.vector.ListColumnVector;
import org.apache.orc.storage.ql.exec.vector.MapColumnVector;
import org.apache.orc.storage.ql.exec.vector.MultiValuedColumnVector;
import org.apache.orc.storage.ql.exec.vector.StructColumnVector;

/**
 * Structs, lists and maps: each turns its rows into the rows of its children (an index list, kept
 * between calls) and copies every child once for the whole run.
 */
final class OrcNestedColumns {
  private OrcNestedColumns() {}

  /** Children see the struct's rows, with -1 where the struct itself is null. */
  static final class StructColumn extends OrcColumn {
    private final List<OrcColumn> fields;
    private int[] childRows = new int[0];

    StructColumn(String name, boolean required, List<OrcColumn> fields) {
      super(name, required);
      this.fields = fields;
    }

    @Override
    void copy(ValueVector source, int[] rows, int n, ColumnVector target, int at) {
      AbstractStructVector struct = (AbstractStructVector) source;
      StructColumnVector out = (StructColumnVector) target;
      if (childRows.length < n) {
        childRows = new int[Math.max(n, 2 * childRows.length)];
      }
      for (int k = 0; k < n; k++) {
        childRows[k] = isNull(source, rows[k], target, at + k) ? -1 : rows[k];
      }
      for (int i = 0; i < fields.size(); i++) {
        fields.get(i).copy(struct.getChildByOrdinal(i), childRows, n, out.fields[i], at);
      }
    }

    @Override
    Stream<FieldMetrics<?>> metrics() {
      return fields.stream().flatMap(OrcColumn::metrics);
    }
  }

  /** A list's elements are appended to the ORC child vector after those of earlier rows. */
  static final class ListColumn extends OrcColumn {
    private final OrcColumn element;
    private final Elements elements = new Elements();

    ListColumn(String name, boolean required, OrcColumn element) {
      super(name, required);
      this.element = element;
    }

    @Override
    void copy(ValueVector source, int[] rows, int n, ColumnVector target, int at) {
      ListVector list = (ListVector) source;
      ListColumnVector out = (ListColumnVector) target;
      int first = elements.collect(this, list, rows, n, out, at);
      try {
        element.copy(list.getDataVector(), elements.rows, elements.count, out.child, first);
      } catch (BadValue e) {
        throw e.in(Elements.rowOf(list, rows, n, e.row()));
      }
    }

    @Override
    Stream<FieldMetrics<?>> metrics() {
      return element.metrics();
    }
  }

  /** Keys and values are copied from Arrow's entries struct into ORC's two child vectors. */
  static final class MapColumn extends OrcColumn {
    private final OrcColumn key;
    private final OrcColumn value;
    private final Elements elements = new Elements();

    MapColumn(String name, boolean required, OrcColumn key, OrcColumn value) {
      super(name, required);
      this.key = key;
      this.value = value;
    }

    @Override
    void copy(ValueVector source, int[] rows, int n, ColumnVector target, int at) {
      MapVector map = (MapVector) source;
      MapColumnVector out = (MapColumnVector) target;
      int first = elements.collect(this, map, rows, n, out, at);
      AbstractStructVector entries = (AbstractStructVector) map.getDataVector();
      try {
        key.copy(entries.getChildByOrdinal(0), elements.rows, elements.count, out.keys, first);
        value.copy(entries.getChildByOrdinal(1), elements.rows, elements.count, out.values, first);
      } catch (BadValue e) {
        throw e.in(Elements.rowOf(map, rows, n, e.row()));
      }
    }

    @Override
    Stream<FieldMetrics<?>> metrics() {
      return Stream.concat(key.metrics(), value.metrics());
    }
  }

  /** The element rows of a run of lists (or maps), and their place in ORC's child vectors. */
  private static final class Elements {
    private int[] rows = new int[0];
    private int count;

    /** Sets offsets and lengths of {@code out}; returns where the run's first element goes. */
    int collect(
        OrcColumn column,
        ListVector source,
        int[] parentRows,
        int n,
        MultiValuedColumnVector out,
        int at) {
      ArrowBuf offsets = source.getOffsetBuffer();
      int first = out.childCount;
      count = 0;
      for (int k = 0; k < n; k++) {
        int row = parentRows[k];
        if (!column.isNull(source, row, out, at + k)) {
          int start = offsets.getInt((long) row * ListVector.OFFSET_WIDTH);
          int end = offsets.getInt((long) (row + 1) * ListVector.OFFSET_WIDTH);
          out.offsets[at + k] = first + count;
          out.lengths[at + k] = end - start;
          if (rows.length < count + end - start) {
            rows = Arrays.copyOf(rows, Math.max(count + end - start, 2 * rows.length));
          }
          for (int e = start; e < end; e++) {
            rows[count++] = e;
          }
          growChildren(out, first + count);
        }
      }
      out.childCount = first + count;
      return first;
    }

    /** The row of {@code parentRows[0..n)} whose list holds element {@code element}. */
    static int rowOf(ListVector source, int[] parentRows, int n, int element) {
      for (int k = 0; k < n; k++) {
        int row = parentRows[k];
        if (row >= 0
            && !source.isNull(row)
            && source.getElementStartIndex(row) <= element
            && element < source.getElementEndIndex(row)) {
          return row;
        }
      }
      throw new IllegalStateException("No row holds element " + element + " of " + source);
    }

    // Row by row, as Iceberg's writers grow them: ORC's statistics of a nested list depend on the
    // capacity of its vectors, so the same growth keeps files byte for byte the same.
    private static void growChildren(MultiValuedColumnVector out, int size) {
      if (out instanceof ListColumnVector list) {
        grow(list.child, size);
      } else {
        grow(((MapColumnVector) out).keys, size);
        grow(((MapColumnVector) out).values, size);
      }
    }

    private static void grow(ColumnVector child, int size) {
      if (child.isNull.length < size) {
        child.ensureSize(size * 3, true);
      }
    }
  }
}
