package dev.floe.columnar;

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
 * One row of {@link ArrowLayout} vectors as an Iceberg {@link StructLike} of Iceberg's internal
 * values (dates as days, times and timestamps as micros, strings as {@code CharSequence}, binary as
 * {@code ByteBuffer}): what {@code InternalRecordWrapper} makes of a generic record, so Iceberg's
 * sort order comparators, evaluators and {@code StructLikeSet}s take a vector row as they take a
 * record. Reads the types {@link #reads} names; a column of another type throws when it is read,
 * not before, so a row may span columns nobody asks for. A reader per column is built once. Not
 * thread-safe: {@link #at} moves the one row it shows.
 */
public final class InternalRow implements StructLike {
  private final IntFunction<Object>[] columns;
  private int row;

  @SuppressWarnings("unchecked")
  private InternalRow(List<FieldVector> vectors, Types.StructType type) {
    this.columns = new IntFunction[vectors.size()];
    for (int i = 0; i < columns.length; i++) {
      FieldVector vector = vectors.get(i);
      IntFunction<Object> value = reader(vector, type.fields().get(i).type());
      columns[i] = r -> vector.isNull(r) ? null : value.apply(r);
    }
  }

  /** A row over {@code vectors}, the fields of {@code type} in order; shows row 0 until moved. */
  public static InternalRow of(List<FieldVector> vectors, Types.StructType type) {
    return new InternalRow(vectors, type);
  }

  /** Whether a column of {@code type} can be read: flat numbers, dates, times, text, binary. */
  public static boolean reads(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN, INTEGER, LONG, FLOAT, DOUBLE, DATE, TIME, TIMESTAMP, STRING, BINARY -> true;
      case STRUCT -> type.asStructType().fields().stream().allMatch(f -> reads(f.type()));
      default -> false;
    };
  }

  /** Shows row {@code index}; returns this. */
  public InternalRow at(int index) {
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
    throw new UnsupportedOperationException("A row of vectors is read-only");
  }

  private static IntFunction<Object> reader(FieldVector vector, Type type) {
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
        InternalRow nested = new InternalRow(struct.getChildrenFromFields(), type.asStructType());
        yield nested::at;
      }
      default ->
          r -> {
            throw new UnsupportedOperationException(
                "Cannot read a column of type " + type + " as an Iceberg internal value");
          };
    };
  }
}
