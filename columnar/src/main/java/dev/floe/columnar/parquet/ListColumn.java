package dev.floe.columnar.parquet;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.BaseRepeatedValueVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;

/**
 * A list of primitives (an embedding, a token list) or a map of primitives, decoded from its
 * Parquet columns straight into a {@link ListVector} (Arrow's map vector is a list of key-value
 * structs): each row's run of non-null elements is one copy into the element vector.
 *
 * <p>A map's keys' levels tell where each map starts and how many entries it has, and the values
 * column (whose pages may break elsewhere) gives exactly as many. Entries keep the file's order, as
 * the row path's maps do.
 *
 * <p>Definition levels, for Iceberg's lists and maps of three Parquet levels: below {@code ownDef}
 * the list or map is null, at it it is empty, above it an element or entry exists, and at the
 * column's maximum the element has a value.
 */
final class ListColumn implements PageDecoder {
  private final Repeated elements; // a list's elements, a map's keys
  private final Repeated values; // a map's values; null for a list
  private final int ownDef;

  private ListColumn(Repeated elements, Repeated values, int ownDef) {
    this.elements = elements;
    this.values = values;
    this.ownDef = ownDef;
  }

  static ListColumn list(ColumnDescriptor element, String name, int listDef) {
    return new ListColumn(new Repeated(element, name), null, listDef);
  }

  static ListColumn map(ColumnDescriptor key, ColumnDescriptor value, String name, int mapDef) {
    return new ListColumn(
        new Repeated(key, name + ".key"), new Repeated(value, name + ".value"), mapDef);
  }

  @Override
  public ColumnDescriptor descriptor() {
    return elements.descriptor();
  }

  @Override
  public void start(PageReadStore group) {
    elements.start(group);
    if (values != null) {
      values.start(group);
    }
  }

  @Override
  public void read(FieldVector vector, int row, int rows) {
    ListVector list = (ListVector) vector;
    StructVector entries = values != null ? (StructVector) list.getDataVector() : null;
    FieldVector elementVector = entries != null ? child(entries, 0) : list.getDataVector();
    FieldVector valueVector = entries != null ? child(entries, 1) : null;
    ArrowBuf offsets = list.getOffsetBuffer();
    int value = offsets.getInt((long) row * BaseRepeatedValueVector.OFFSET_WIDTH);
    for (int end = row + rows; row < end; row++) {
      int def = elements.def();
      if (def >= ownDef) {
        BitVectorHelper.setBit(list.getValidityBuffer(), row);
      }
      if (def <= ownDef) {
        elements.skip(); // a null or empty list or map
        if (values != null) {
          values.skip();
        }
      } else {
        int count = elements.row(elementVector, value);
        if (entries != null) {
          values.entries(valueVector, value, count);
          while (entries.getValueCapacity() < value + count) {
            entries.reAlloc();
          }
          Buffers.valid(entries.getValidityBuffer(), value, count);
        }
        value += count;
      }
      offsets.setInt((long) (row + 1) * BaseRepeatedValueVector.OFFSET_WIDTH, value);
    }
  }

  private static FieldVector child(StructVector struct, int ordinal) {
    return (FieldVector) struct.getChildByOrdinal(ordinal);
  }
}
