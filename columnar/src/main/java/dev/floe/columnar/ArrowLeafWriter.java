package dev.floe.columnar;

import java.util.stream.Stream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.iceberg.DoubleFieldMetrics;
import org.apache.iceberg.FieldMetrics;
import org.apache.iceberg.FloatFieldMetrics;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;

/**
 * A Parquet leaf column: one subclass per physical type, chosen once per column, reading values
 * straight from the Arrow vector's data buffer (the vector's null check has already run).
 */
abstract class ArrowLeafWriter extends ArrowFieldWriter {
  private final ColumnDescriptor descriptor;
  ColumnWriter out;
  ArrowBuf data;
  // Fixed-width values [0, safeValues), which bind found in the buffer, skip ArrowBuf's per-value
  // bounds and reference-count checks (a tenth of the encoder's time); others take its checks.
  private long address;
  private int safeValues;

  ArrowLeafWriter(
      String column,
      boolean optional,
      ColumnDescriptor descriptor,
      ArrowType arrowType,
      Class<? extends FieldVector> vectorClass) {
    super(column, optional, descriptor.getMaxDefinitionLevel(), arrowType, vectorClass);
    this.descriptor = descriptor;
  }

  @Override
  final void writeNull(int repetitionLevel, int nullDefinitionLevel) {
    out.writeNull(repetitionLevel, nullDefinitionLevel);
  }

  @Override
  final void setColumnStore(ColumnWriteStore store) {
    this.out = store.getColumnWriter(descriptor);
  }

  @Override
  void bind(FieldVector newVector, int count) {
    super.bind(newVector, count);
    this.data = newVector.getDataBuffer();
    int width = valueWidth();
    boolean held = width > 0 && count > 0 && data.capacity() >= (long) count * width;
    this.safeValues = held ? count : 0;
    this.address = held ? data.memoryAddress() : 0;
  }

  /** Bytes per value in the data buffer; 0 when values are not fixed-width bytes. */
  int valueWidth() {
    return 0;
  }

  final int readInt(int index) {
    return index >= 0 && index < safeValues
        ? MemoryUtil.getInt(address + (long) index * Integer.BYTES)
        : data.getInt((long) index * Integer.BYTES);
  }

  final long readLong(int index) {
    return index >= 0 && index < safeValues
        ? MemoryUtil.getLong(address + (long) index * Long.BYTES)
        : data.getLong((long) index * Long.BYTES);
  }

  static final class Booleans extends ArrowLeafWriter {
    Booleans(String column, boolean optional, ColumnDescriptor descriptor, ArrowType type) {
      super(column, optional, descriptor, type, BitVector.class);
    }

    @Override
    void writeValue(int index, int repetitionLevel) {
      out.write(BitVectorHelper.get(data, index) != 0, repetitionLevel, definitionLevel);
    }
  }

  static final class Ints extends ArrowLeafWriter {
    Ints(
        String column,
        boolean optional,
        ColumnDescriptor descriptor,
        ArrowType type,
        Class<? extends FieldVector> vectorClass) {
      super(column, optional, descriptor, type, vectorClass);
    }

    @Override
    int valueWidth() {
      return Integer.BYTES;
    }

    @Override
    void writeValue(int index, int repetitionLevel) {
      out.write(readInt(index), repetitionLevel, definitionLevel);
    }
  }

  static final class Longs extends ArrowLeafWriter {
    Longs(
        String column,
        boolean optional,
        ColumnDescriptor descriptor,
        ArrowType type,
        Class<? extends FieldVector> vectorClass) {
      super(column, optional, descriptor, type, vectorClass);
    }

    @Override
    int valueWidth() {
      return Long.BYTES;
    }

    @Override
    void writeValue(int index, int repetitionLevel) {
      out.write(readLong(index), repetitionLevel, definitionLevel);
    }
  }

  /**
   * Floats and doubles, with the NaN count and NaN-free bounds Iceberg's writers keep ({@code
   * FloatFieldMetrics}); {@code tracked} is false inside lists and maps, whose bounds Iceberg
   * drops. Like Iceberg's OptionWriter, nulls counted are this field's own, not its parents'. Each
   * subclass keeps its own {@code writeValue}, so the per-value path reads its type without a call.
   */
  abstract static class Floating extends ArrowLeafWriter {
    final boolean tracked;
    private long nulls;

    Floating(
        String column,
        boolean optional,
        ColumnDescriptor descriptor,
        ArrowType type,
        Class<? extends FieldVector> vectorClass,
        boolean tracked) {
      super(column, optional, descriptor, type, vectorClass);
      this.tracked = tracked;
    }

    abstract FieldMetrics<?> values();

    @Override
    final void countNull() {
      nulls += 1;
    }

    @Override
    final Stream<FieldMetrics<?>> metrics() {
      if (!tracked) {
        return Stream.empty();
      }
      // Iceberg's OptionWriter adds the nulls of an optional column; a required one has none.
      return Stream.of(optional ? FloatingMetrics.withNulls(values(), nulls) : values());
    }
  }

  static final class Floats extends Floating {
    private final FloatFieldMetrics.Builder metrics;

    Floats(
        String column,
        boolean optional,
        ColumnDescriptor descriptor,
        ArrowType type,
        Class<? extends FieldVector> vectorClass,
        int id,
        boolean tracked) {
      super(column, optional, descriptor, type, vectorClass, tracked);
      this.metrics = new FloatFieldMetrics.Builder(id);
    }

    @Override
    int valueWidth() {
      return Float.BYTES;
    }

    @Override
    void writeValue(int index, int repetitionLevel) {
      float value = Float.intBitsToFloat(readInt(index));
      if (tracked) {
        metrics.addValue(value);
      }
      out.write(value, repetitionLevel, definitionLevel);
    }

    @Override
    FieldMetrics<?> values() {
      return metrics.build();
    }
  }

  static final class Doubles extends Floating {
    private final DoubleFieldMetrics.Builder metrics;

    Doubles(
        String column,
        boolean optional,
        ColumnDescriptor descriptor,
        ArrowType type,
        Class<? extends FieldVector> vectorClass,
        int id,
        boolean tracked) {
      super(column, optional, descriptor, type, vectorClass, tracked);
      this.metrics = new DoubleFieldMetrics.Builder(id);
    }

    @Override
    int valueWidth() {
      return Double.BYTES;
    }

    @Override
    void writeValue(int index, int repetitionLevel) {
      double value = Double.longBitsToDouble(readLong(index));
      if (tracked) {
        metrics.addValue(value);
      }
      out.write(value, repetitionLevel, definitionLevel);
    }

    @Override
    FieldMetrics<?> values() {
      return metrics.build();
    }
  }

  /**
   * Strings and binaries: the bytes between two offsets, copied into one reused array. Parquet
   * copies a "reused" value wherever it keeps one (dictionary, statistics), so no array per value.
   */
  static final class Variable extends ArrowLeafWriter {
    private ArrowBuf offsets;
    private byte[] scratch = new byte[64];

    Variable(
        String column,
        boolean optional,
        ColumnDescriptor descriptor,
        ArrowType type,
        Class<? extends FieldVector> vectorClass) {
      super(column, optional, descriptor, type, vectorClass);
    }

    @Override
    void bind(FieldVector newVector, int count) {
      super.bind(newVector, count);
      this.offsets = newVector.getOffsetBuffer();
    }

    @Override
    void writeValue(int index, int repetitionLevel) {
      long at = (long) index * BaseVariableWidthVector.OFFSET_WIDTH;
      int start = offsets.getInt(at);
      int end = offsets.getInt(at + BaseVariableWidthVector.OFFSET_WIDTH);
      int length = end - start;
      if (scratch.length < length) {
        scratch = new byte[Math.max(length, scratch.length * 2)];
      }
      data.getBytes(start, scratch, 0, length);
      out.write(Binary.fromReusedByteArray(scratch, 0, length), repetitionLevel, definitionLevel);
    }
  }

  /** Fixed-width binaries (fixed(n), uuid): {@code width} bytes per value, as {@link Variable}. */
  static final class Fixed extends ArrowLeafWriter {
    private final int width;
    private final byte[] scratch;

    Fixed(
        String column,
        boolean optional,
        ColumnDescriptor descriptor,
        ArrowType type,
        Class<? extends FieldVector> vectorClass,
        int width) {
      super(column, optional, descriptor, type, vectorClass);
      this.width = width;
      this.scratch = new byte[width];
    }

    @Override
    void writeValue(int index, int repetitionLevel) {
      data.getBytes((long) index * width, scratch, 0, width);
      out.write(Binary.fromReusedByteArray(scratch, 0, width), repetitionLevel, definitionLevel);
    }
  }
}
