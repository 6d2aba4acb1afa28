package dev.floe.columnar;

import java.util.stream.Stream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.iceberg.DoubleFieldMetrics;
import org.apache.iceberg.FieldMetrics;
import org.apache.iceberg.FloatFieldMetrics;
import org.apache.orc.storage.ql.exec.vector.BytesColumnVector;
import org.apache.orc.storage.ql.exec.vector.ColumnVector;
import org.apache.orc.storage.ql.exec.vector.DoubleColumnVector;
import org.apache.orc.storage.ql.exec.vector.LongColumnVector;

/**
 * Columns whose values are copied as they are: ORC keeps booleans and every integer (int, long,
 * date days, time micros) in longs, floats in doubles, and bytes (string, binary, uuid, fixed) in
 * byte ranges. Values are read straight from the Arrow data buffers.
 */
final class OrcPrimitiveColumns {
  private OrcPrimitiveColumns() {}

  static final class BoolColumn extends OrcColumn {
    BoolColumn(String name, boolean required) {
      super(name, required);
    }

    @Override
    void copy(ValueVector source, int[] rows, int n, ColumnVector target, int at) {
      BitVector bits = (BitVector) source;
      long[] values = ((LongColumnVector) target).vector;
      for (int k = 0; k < n; k++) {
        if (!isNull(source, rows[k], target, at + k)) {
          values[at + k] = bits.get(rows[k]);
        }
      }
    }
  }

  /** int and date: 4-byte values. */
  static final class IntColumn extends OrcColumn {
    IntColumn(String name, boolean required) {
      super(name, required);
    }

    @Override
    void copy(ValueVector source, int[] rows, int n, ColumnVector target, int at) {
      ArrowBuf data = ((BaseFixedWidthVector) source).getDataBuffer();
      long[] values = ((LongColumnVector) target).vector;
      for (int k = 0; k < n; k++) {
        if (!isNull(source, rows[k], target, at + k)) {
          values[at + k] = data.getInt((long) rows[k] * Integer.BYTES);
        }
      }
    }
  }

  /** long and time (microseconds): 8-byte values. */
  static final class LongColumn extends OrcColumn {
    LongColumn(String name, boolean required) {
      super(name, required);
    }

    @Override
    void copy(ValueVector source, int[] rows, int n, ColumnVector target, int at) {
      ArrowBuf data = ((BaseFixedWidthVector) source).getDataBuffer();
      long[] values = ((LongColumnVector) target).vector;
      for (int k = 0; k < n; k++) {
        if (!isNull(source, rows[k], target, at + k)) {
          values[at + k] = data.getLong((long) rows[k] * Long.BYTES);
        }
      }
    }
  }

  /** Tracks NaN counts and NaN-free bounds, as Iceberg's ORC float writer does. */
  static final class FloatColumn extends OrcColumn {
    private final FloatFieldMetrics.Builder metrics;
    private long nulls = 0;

    FloatColumn(String name, boolean required, int id) {
      super(name, required);
      this.metrics = new FloatFieldMetrics.Builder(id);
    }

    @Override
    void copy(ValueVector source, int[] rows, int n, ColumnVector target, int at) {
      ArrowBuf data = ((BaseFixedWidthVector) source).getDataBuffer();
      double[] values = ((DoubleColumnVector) target).vector;
      for (int k = 0; k < n; k++) {
        int row = rows[k];
        if (!isNull(source, row, target, at + k)) {
          float value = data.getFloat((long) row * Float.BYTES);
          values[at + k] = value;
          metrics.addValue(value);
        } else if (row >= 0) {
          nulls++;
        }
      }
    }

    @Override
    Stream<FieldMetrics<?>> metrics() {
      return Stream.of(FloatingMetrics.withNulls(metrics.build(), nulls));
    }
  }

  /** Tracks NaN counts and NaN-free bounds, as Iceberg's ORC double writer does. */
  static final class DoubleColumn extends OrcColumn {
    private final DoubleFieldMetrics.Builder metrics;
    private long nulls = 0;

    DoubleColumn(String name, boolean required, int id) {
      super(name, required);
      this.metrics = new DoubleFieldMetrics.Builder(id);
    }

    @Override
    void copy(ValueVector source, int[] rows, int n, ColumnVector target, int at) {
      ArrowBuf data = ((BaseFixedWidthVector) source).getDataBuffer();
      double[] values = ((DoubleColumnVector) target).vector;
      for (int k = 0; k < n; k++) {
        int row = rows[k];
        if (!isNull(source, row, target, at + k)) {
          double value = data.getDouble((long) row * Double.BYTES);
          values[at + k] = value;
          metrics.addValue(value);
        } else if (row >= 0) {
          nulls++;
        }
      }
    }

    @Override
    Stream<FieldMetrics<?>> metrics() {
      return Stream.of(FloatingMetrics.withNulls(metrics.build(), nulls));
    }
  }

  /** string and binary: the bytes are copied into the ORC vector's own buffer, not referenced. */
  static final class BytesColumn extends OrcColumn {
    BytesColumn(String name, boolean required) {
      super(name, required);
    }

    @Override
    void copy(ValueVector source, int[] rows, int n, ColumnVector target, int at) {
      BaseVariableWidthVector vector = (BaseVariableWidthVector) source;
      ArrowBuf data = vector.getDataBuffer();
      BytesColumnVector bytes = (BytesColumnVector) target;
      for (int k = 0; k < n; k++) {
        int row = rows[k];
        if (!isNull(source, row, target, at + k)) {
          int start = vector.getStartOffset(row);
          int length = vector.getEndOffset(row) - start;
          put(data, start, length, bytes, at + k);
        }
      }
    }
  }

  /** uuid (16 bytes, most significant first, as Iceberg writes it) and fixed(n). */
  static final class FixedColumn extends OrcColumn {
    FixedColumn(String name, boolean required) {
      super(name, required);
    }

    @Override
    void copy(ValueVector source, int[] rows, int n, ColumnVector target, int at) {
      FixedSizeBinaryVector vector = (FixedSizeBinaryVector) source;
      ArrowBuf data = vector.getDataBuffer();
      int width = vector.getByteWidth();
      BytesColumnVector bytes = (BytesColumnVector) target;
      for (int k = 0; k < n; k++) {
        int row = rows[k];
        if (!isNull(source, row, target, at + k)) {
          put(data, (long) row * width, width, bytes, at + k);
        }
      }
    }
  }

  private static void put(
      ArrowBuf data, long start, int length, BytesColumnVector target, int pos) {
    target.ensureValPreallocated(length);
    data.getBytes(
        start, target.getValPreallocatedBytes(), target.getValPreallocatedStart(), length);
    target.setValPreallocated(pos, length);
  }
}
