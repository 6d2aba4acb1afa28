package dev.floe.timetravel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.util.VectorBatchAppender;
import org.apache.iceberg.arrow.vectorized.ColumnVector;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Copies one column of an Iceberg vectorized batch into a vector of the Arrow type Floe promises.
 * Iceberg hands out some columns in their Parquet encoding rather than their logical type: a column
 * whose pages are all dictionary-encoded as an int vector of dictionary ids, small decimals as
 * their unscaled ints. Those are decoded value by value through Iceberg's accessors (strings once
 * per dictionary id and batch: a batch never spans row groups, so ids mean one value within it);
 * every other column is copied buffer by buffer.
 */
final class VectorCopy {
  private static final int CACHED_IDS = 1024;

  private VectorCopy() {}

  /** Replaces {@code target}'s contents with {@code rows} values of {@code source}. */
  static void copy(ColumnVector source, FieldVector target, Type type, int rows) {
    target.reset();
    FieldVector encoded = source.getFieldVector(); // decodes dictionaries of decimals: call once
    if (encoded.getField().getType().equals(target.getField().getType())) {
      VectorBatchAppender.batchAppend(target, encoded);
      return;
    }
    switch (type.typeId()) {
      case INTEGER, DATE -> ints(source, (BaseFixedWidthVector) target, rows);
      case LONG, TIME, TIMESTAMP, DOUBLE ->
          longs(source, (BaseFixedWidthVector) target, type, rows);
      case STRING, BINARY -> strings(source, encoded, (BaseVariableWidthVector) target, type, rows);
      default -> {
        for (int i = 0; i < rows; i++) {
          if (source.isNullAt(i)) {
            target.setNull(i);
          } else {
            other(source, target, type, i);
          }
        }
      }
    }
    target.setValueCount(rows);
  }

  /** Whether {@link #copy} can move this column: it reads one value, writes nothing. */
  static boolean canCopy(ColumnVector source, FieldVector target, Type type, int rows) {
    FieldVector encoded = source.getFieldVector();
    if (encoded == null) {
      return false;
    }
    if (encoded.getField().getType().equals(target.getField().getType())) {
      return true;
    }
    try {
      for (int i = 0; i < rows; i++) {
        if (!source.isNullAt(i)) {
          Object unused =
              switch (type.typeId()) {
                case INTEGER, DATE -> source.getInt(i);
                case LONG, TIME, TIMESTAMP -> source.getLong(i);
                case DOUBLE -> source.getDouble(i);
                case FLOAT -> source.getFloat(i);
                case BOOLEAN -> source.getBoolean(i);
                case STRING -> source.getString(i);
                case BINARY, UUID -> source.getBinary(i);
                case DECIMAL ->
                    source.getDecimal(
                        i,
                        ((Types.DecimalType) type).precision(),
                        ((Types.DecimalType) type).scale());
                default -> throw new UnsupportedOperationException(type.toString());
              };
          return true;
        }
      }
      return true;
    } catch (UnsupportedOperationException | ClassCastException | IllegalArgumentException e) {
      return false;
    }
  }

  private static void ints(ColumnVector source, BaseFixedWidthVector target, int rows) {
    ensure(target, rows);
    ArrowBuf data = target.getDataBuffer();
    ArrowBuf validity = target.getValidityBuffer();
    for (int i = 0; i < rows; i++) {
      if (!source.isNullAt(i)) {
        BitVectorHelper.setBit(validity, i);
        data.setInt((long) i * Integer.BYTES, source.getInt(i));
      }
    }
  }

  /**
   * 64-bit values. Dictionary-encoded columns (an int vector of ids) read each id's value through
   * Iceberg's accessor once per batch and the ids straight from their buffer: the accessor chain
   * per value was a fifth of a flat read.
   */
  private static void longs(ColumnVector source, BaseFixedWidthVector target, Type type, int rows) {
    ensure(target, rows);
    ArrowBuf data = target.getDataBuffer();
    ArrowBuf validity = target.getValidityBuffer();
    boolean doubles = type.typeId() == Type.TypeID.DOUBLE;
    if (source.getFieldVector() instanceof IntVector ids) {
      // Only the first ids are cached: a column of many distinct values would pay more to fill
      // a large cache than the lookups it saves.
      long[] values = new long[CACHED_IDS];
      boolean[] known = new boolean[CACHED_IDS];
      for (int i = 0; i < rows; i++) {
        if (ids.isNull(i)) {
          continue;
        }
        int id = ids.get(i);
        long value;
        if (id >= CACHED_IDS) {
          value = doubles ? Double.doubleToRawLongBits(source.getDouble(i)) : source.getLong(i);
        } else if (known[id]) {
          value = values[id];
        } else {
          value = doubles ? Double.doubleToRawLongBits(source.getDouble(i)) : source.getLong(i);
          values[id] = value;
          known[id] = true;
        }
        BitVectorHelper.setBit(validity, i);
        data.setLong((long) i * Long.BYTES, value);
      }
      return;
    }
    for (int i = 0; i < rows; i++) {
      if (!source.isNullAt(i)) {
        BitVectorHelper.setBit(validity, i);
        long index = (long) i * Long.BYTES;
        if (doubles) {
          data.setDouble(index, source.getDouble(i));
        } else {
          data.setLong(index, source.getLong(i));
        }
      }
    }
  }

  private static void strings(
      ColumnVector source,
      FieldVector encoded,
      BaseVariableWidthVector target,
      Type type,
      int rows) {
    IntVector ids = encoded instanceof IntVector vector ? vector : null;
    byte[][] values = new byte[ids == null ? 0 : 256][]; // decoded bytes by dictionary id
    for (int i = 0; i < rows; i++) {
      if (source.isNullAt(i)) {
        target.setNull(i);
      } else if (ids != null) {
        int id = ids.get(i);
        if (id >= values.length) {
          values = Arrays.copyOf(values, Math.max(id + 1, values.length * 2));
        }
        if (values[id] == null) {
          values[id] = bytes(source, type, i);
        }
        target.setSafe(i, values[id]);
      } else {
        target.setSafe(i, bytes(source, type, i));
      }
    }
  }

  private static byte[] bytes(ColumnVector source, Type type, int row) {
    return type.typeId() == Type.TypeID.STRING
        ? source.getString(row).getBytes(StandardCharsets.UTF_8)
        : source.getBinary(row);
  }

  private static void other(ColumnVector source, FieldVector target, Type type, int i) {
    switch (type.typeId()) {
      case BOOLEAN -> ((BitVector) target).setSafe(i, source.getBoolean(i) ? 1 : 0);
      case FLOAT -> ((Float4Vector) target).setSafe(i, source.getFloat(i));
      case UUID -> ((FixedSizeBinaryVector) target).setSafe(i, source.getBinary(i));
      case DECIMAL -> {
        Types.DecimalType decimal = (Types.DecimalType) type;
        ((DecimalVector) target)
            .setSafe(i, source.getDecimal(i, decimal.precision(), decimal.scale()));
      }
      default ->
          throw new UnsupportedOperationException("Cannot copy a vectorized column of " + type);
    }
  }

  private static void ensure(BaseFixedWidthVector target, int rows) {
    while (target.getValueCapacity() < rows) {
      target.reAlloc();
    }
  }
}
