package dev.floe.compaction;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * One row of Arrow vectors as an Iceberg {@link StructLike} of internal values (dates as days,
 * times and timestamps as micros, strings as {@code CharSequence}, binary as {@code ByteBuffer}),
 * what {@code InternalRecordWrapper} makes of a generic record: Iceberg's sort order comparators
 * then compare vector rows as they compare records. Covers the types the page decoder reads (a sort
 * order cannot name a list or map); a reader per column is built once. Not thread-safe: {@link #at}
 * moves the one row it shows.
 */
final class VectorRow implements StructLike {
  private final IntFunction<Object>[] columns;
  private int row;

  @SuppressWarnings("unchecked")
  private VectorRow(List<FieldVector> vectors, Types.StructType type) {
    this.columns = new IntFunction[vectors.size()];
    for (int i = 0; i < columns.length; i++) {
      FieldVector vector = vectors.get(i);
      IntFunction<Object> value = reader(vector, type.fields().get(i).type());
      columns[i] = r -> vector.isNull(r) ? null : value.apply(r);
    }
  }

  static VectorRow of(List<FieldVector> vectors, Types.StructType type) {
    return new VectorRow(vectors, type);
  }

  /** Shows row {@code index}; returns this. */
  VectorRow at(int index) {
    this.row = index;
    return this;
  }

  @Override
  public int size() {
    return columns.length;
  }

  @Override
  public <T> T get(int pos, Class<T> javaClass) {
    return javaClass.cast(columns[pos].apply(row));
  }

  @Override
  public <T> void set(int pos, T value) {
    throw new UnsupportedOperationException("Cannot set a value of a decoded row");
  }

  private IntFunction<Object> reader(FieldVector vector, Type type) {
    return switch (type.typeId()) {
      case BOOLEAN -> r -> ((BitVector) vector).get(r) == 1;
      case INTEGER -> ((IntVector) vector)::get;
      case LONG -> ((BigIntVector) vector)::get;
      case FLOAT -> ((Float4Vector) vector)::get;
      case DOUBLE -> ((Float8Vector) vector)::get;
      case DATE -> ((DateDayVector) vector)::get;
      case TIME -> ((TimeMicroVector) vector)::get;
      case TIMESTAMP -> ((TimeStampVector) vector)::get;
      case STRING -> r -> new String(((VarCharVector) vector).get(r), StandardCharsets.UTF_8);
      case BINARY -> r -> ByteBuffer.wrap(((VarBinaryVector) vector).get(r));
      case STRUCT -> {
        StructVector struct = (StructVector) vector;
        VectorRow nested = new VectorRow(struct.getChildrenFromFields(), type.asStructType());
        yield nested::at;
      }
      default ->
          r -> {
            throw new UnsupportedOperationException("Cannot sort by a column of type " + type);
          };
    };
  }
}
