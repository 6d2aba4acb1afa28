package dev.floe.timetravel;

import java.util.List;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.orc.storage.ql.exec.vector.BytesColumnVector;
import org.apache.orc.storage.ql.exec.vector.ColumnVector;
import org.apache.orc.storage.ql.exec.vector.DecimalColumnVector;
import org.apache.orc.storage.ql.exec.vector.DoubleColumnVector;
import org.apache.orc.storage.ql.exec.vector.ListColumnVector;
import org.apache.orc.storage.ql.exec.vector.LongColumnVector;
import org.apache.orc.storage.ql.exec.vector.MapColumnVector;
import org.apache.orc.storage.ql.exec.vector.StructColumnVector;
import org.apache.orc.storage.ql.exec.vector.TimestampColumnVector;

/**
 * Copies ORC column vectors into Arrow ones, value by value, with the row path's values. A column's
 * copier is chosen once per file from its Iceberg type (nested copiers for the elements of lists,
 * maps and structs at any depth), so there is no type switch per value.
 */
final class OrcValues {
  private OrcValues() {}

  /**
   * Copies the non-null value at {@code at} of an ORC vector to {@code row} of an Arrow vector.
   * Holds no vector: ORC may swap a batch's nested vectors between batches.
   */
  @FunctionalInterface
  interface Copier {
    void copy(ColumnVector source, int at, FieldVector target, int row);
  }

  /** The copier of values of {@code type}; throws for a type this path does not read. */
  static Copier of(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN ->
          (source, at, target, row) -> ((BitVector) target).set(row, (int) longs(source)[at]);
      case INTEGER ->
          (source, at, target, row) -> ((IntVector) target).set(row, (int) longs(source)[at]);
      case DATE ->
          (source, at, target, row) -> ((DateDayVector) target).set(row, (int) longs(source)[at]);
      case LONG -> (source, at, target, row) -> ((BigIntVector) target).set(row, longs(source)[at]);
      case TIME ->
          (source, at, target, row) -> ((TimeMicroVector) target).set(row, longs(source)[at]);
      case FLOAT ->
          (source, at, target, row) ->
              ((Float4Vector) target).set(row, (float) ((DoubleColumnVector) source).vector[at]);
      case DOUBLE ->
          (source, at, target, row) ->
              ((Float8Vector) target).set(row, ((DoubleColumnVector) source).vector[at]);
      case TIMESTAMP -> OrcValues::timestamp;
      case STRING, BINARY -> OrcValues::bytes;
      case DECIMAL -> decimal(((Types.DecimalType) type).scale());
      case LIST -> list(of(type.asListType().elementType()));
      case MAP -> map(of(type.asMapType().keyType()), of(type.asMapType().valueType()));
      case STRUCT -> struct(type.asStructType().fields());
      default -> throw new UnsupportedOperationException("Cannot copy an ORC column of " + type);
    };
  }

  /**
   * Copies the value at {@code sourceRow} of an ORC vector (which may repeat its first value) to
   * {@code row} of an Arrow one, or marks that row null.
   */
  static void copy(Copier copier, ColumnVector source, int sourceRow, FieldVector target, int row) {
    int at = source.isRepeating ? 0 : sourceRow;
    if (!source.noNulls && source.isNull[at]) {
      target.setNull(row);
    } else {
      copier.copy(source, at, target, row);
    }
  }

  private static void timestamp(ColumnVector source, int at, FieldVector target, int row) {
    TimestampColumnVector times = (TimestampColumnVector) source;
    // ORC keeps milliseconds plus the nanos of the second: the row path's arithmetic.
    long micros = Math.floorDiv(times.time[at], 1_000L) * 1_000_000L + times.nanos[at] / 1_000;
    ((TimeStampVector) target).set(row, micros);
  }

  private static void bytes(ColumnVector source, int at, FieldVector target, int row) {
    BytesColumnVector bytes = (BytesColumnVector) source;
    ((BaseVariableWidthVector) target)
        .setSafe(row, bytes.vector[at], bytes.start[at], bytes.length[at]);
  }

  private static Copier decimal(int scale) {
    return (source, at, target, row) ->
        ((DecimalVector) target)
            .setSafe(
                row,
                ((DecimalColumnVector) source)
                    .vector[at]
                    .getHiveDecimal()
                    .bigDecimalValue()
                    .setScale(scale));
  }

  private static Copier list(Copier elements) {
    return (source, at, target, row) -> {
      ListColumnVector list = (ListColumnVector) source;
      ListVector vector = (ListVector) target;
      int offset = (int) list.offsets[at];
      int length = (int) list.lengths[at];
      int start = vector.startNewValue(row);
      FieldVector data = vector.getDataVector();
      room(data, start + length);
      for (int k = 0; k < length; k++) {
        copy(elements, list.child, offset + k, data, start + k);
      }
      vector.endValue(row, length);
    };
  }

  private static Copier map(Copier keys, Copier values) {
    return (source, at, target, row) -> {
      MapColumnVector map = (MapColumnVector) source;
      MapVector vector = (MapVector) target;
      StructVector entries = (StructVector) vector.getDataVector();
      int offset = (int) map.offsets[at];
      int length = (int) map.lengths[at];
      int start = vector.startNewValue(row);
      room(entries, start + length);
      for (int k = 0; k < length; k++) {
        entries.setIndexDefined(start + k);
        copy(keys, map.keys, offset + k, child(entries, 0), start + k);
        copy(values, map.values, offset + k, child(entries, 1), start + k);
      }
      vector.endValue(row, length);
    };
  }

  private static Copier struct(List<Types.NestedField> fields) {
    Copier[] copiers = fields.stream().map(field -> of(field.type())).toArray(Copier[]::new);
    return (source, at, target, row) -> {
      StructColumnVector struct = (StructColumnVector) source;
      StructVector vector = (StructVector) target;
      room(vector, row + 1);
      vector.setIndexDefined(row);
      for (int i = 0; i < copiers.length; i++) {
        copy(copiers[i], struct.fields[i], at, child(vector, i), row);
      }
    };
  }

  private static FieldVector child(StructVector struct, int ordinal) {
    return (FieldVector) struct.getChildByOrdinal(ordinal);
  }

  /**
   * Room for {@code rows} values in a vector written with set(), and in the vectors nested in it.
   */
  static void room(FieldVector vector, int rows) {
    if (vector instanceof BaseFixedWidthVector || vector instanceof StructVector) {
      while (vector.getValueCapacity() < rows) {
        vector.reAlloc();
      }
    }
  }

  private static long[] longs(ColumnVector source) {
    return ((LongColumnVector) source).vector;
  }
}
