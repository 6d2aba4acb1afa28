package dev.floe.timetravel.parquet;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.BaseRepeatedValueVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;

/**
 * A list of primitives (an embedding, a token list), decoded from its Parquet column straight into
 * a {@link ListVector}: each row's run of non-null elements is one copy into the element vector.
 *
 * <p>Definition levels, for an Iceberg list of three Parquet levels: below {@code listDef} the list
 * is null, at it the list is empty, above it an element exists, and at the column's maximum the
 * element has a value.
 */
final class ListColumn implements PageDecoder {
  private final Repeated elements;
  private final int listDef;

  ListColumn(ColumnDescriptor column, String name, int listDef) {
    this.elements = new Repeated(column, name);
    this.listDef = listDef;
  }

  @Override
  public ColumnDescriptor descriptor() {
    return elements.descriptor();
  }

  @Override
  public void start(PageReadStore group) {
    elements.start(group);
  }

  @Override
  public void read(FieldVector vector, int row, int rows) {
    ListVector list = (ListVector) vector;
    ArrowBuf offsets = list.getOffsetBuffer();
    int value = offsets.getInt((long) row * BaseRepeatedValueVector.OFFSET_WIDTH);
    for (int end = row + rows; row < end; row++) {
      int def = elements.def();
      if (def >= listDef) {
        BitVectorHelper.setBit(list.getValidityBuffer(), row);
      }
      if (def <= listDef) {
        elements.skip(); // a null or empty list
      } else {
        value += elements.row(list.getDataVector(), value);
      }
      offsets.setInt((long) (row + 1) * BaseRepeatedValueVector.OFFSET_WIDTH, value);
    }
  }
}
