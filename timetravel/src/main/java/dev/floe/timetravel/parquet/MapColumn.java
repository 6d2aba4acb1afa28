package dev.floe.timetravel.parquet;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.BaseRepeatedValueVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;

/**
 * A map of primitives, decoded from its key and value columns straight into a {@link MapVector}:
 * the keys' levels tell where each map starts and how many entries it has, and the values column
 * (whose pages may break elsewhere) gives exactly as many. Entries keep the file's order, as the
 * row path's maps do.
 *
 * <p>Definition levels of the key column: below {@code mapDef} the map is null, at it the map is
 * empty, above it an entry exists.
 */
final class MapColumn implements PageDecoder {
  private final Repeated keys;
  private final Repeated values;
  private final int mapDef;

  MapColumn(ColumnDescriptor key, ColumnDescriptor value, String name, int mapDef) {
    this.keys = new Repeated(key, name + ".key");
    this.values = new Repeated(value, name + ".value");
    this.mapDef = mapDef;
  }

  @Override
  public ColumnDescriptor descriptor() {
    return keys.descriptor();
  }

  @Override
  public void start(PageReadStore group) {
    keys.start(group);
    values.start(group);
  }

  @Override
  public void read(FieldVector vector, int row, int rows) {
    MapVector map = (MapVector) vector;
    StructVector entries = (StructVector) map.getDataVector();
    FieldVector keyVector = (FieldVector) entries.getChildByOrdinal(0);
    FieldVector valueVector = (FieldVector) entries.getChildByOrdinal(1);
    ArrowBuf offsets = map.getOffsetBuffer();
    int entry = offsets.getInt((long) row * BaseRepeatedValueVector.OFFSET_WIDTH);
    for (int end = row + rows; row < end; row++) {
      int def = keys.def();
      if (def >= mapDef) {
        BitVectorHelper.setBit(map.getValidityBuffer(), row);
      }
      if (def <= mapDef) {
        keys.skip(); // a null or empty map
        values.skip();
      } else {
        int count = keys.row(keyVector, entry);
        values.entries(valueVector, entry, count);
        while (entries.getValueCapacity() < entry + count) {
          entries.reAlloc();
        }
        PageColumn.valid(entries.getValidityBuffer(), entry, count);
        entry += count;
      }
      offsets.setInt((long) (row + 1) * BaseRepeatedValueVector.OFFSET_WIDTH, entry);
    }
  }
}
