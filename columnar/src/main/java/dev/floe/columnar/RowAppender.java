package dev.floe.columnar;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Appends rows of Iceberg generic values (as {@code org.apache.iceberg.data.Record} holds them) to
 * vectors laid out as {@link ArrowLayout#of}: the way rows that arrive as objects become columns.
 * One appender per column is built up front, so the type dispatch is per column, not per value.
 * Values must already have their column's Java type (a converter checked them).
 *
 * <p>Not thread-safe. {@link #finish()} sets the root's row count; the root stays the caller's.
 */
public final class RowAppender {
  private final VectorSchemaRoot root;
  private final Appender[] columns;
  private int rows;

  private RowAppender(VectorSchemaRoot root, Schema schema) {
    this.root = root;
    List<Types.NestedField> fields = schema.columns();
    Preconditions.checkArgument(
        root.getFieldVectors().size() == fields.size(),
        "Invalid vectors: %s columns for a schema of %s",
        root.getFieldVectors().size(),
        fields.size());
    this.columns = new Appender[fields.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = of(root.getVector(c), fields.get(c).type(), fields.get(c).name());
    }
    this.rows = root.getRowCount();
  }

  /** Appends after the rows {@code root} already holds; {@code root} is laid out for schema. */
  public static RowAppender into(VectorSchemaRoot root, Schema schema) {
    return new RowAppender(root, schema);
  }

  /**
   * Empties the root's vectors (they keep their buffers) and appends from the first row again: a
   * batch after batch in the same vectors.
   */
  public void reset() {
    root.getFieldVectors().forEach(FieldVector::reset);
    rows = 0;
  }

  /** Appends {@code row}, whose positions are the schema's top-level columns. */
  public void append(StructLike row) {
    for (int c = 0; c < columns.length; c++) {
      columns[c].append(rows, row.get(c, Object.class));
    }
    rows++;
  }

  /** Rows appended, including those the root held before. */
  public int rows() {
    return rows;
  }

  /** Sets every vector's value count and the root's row count to {@link #rows()}. */
  public VectorSchemaRoot finish() {
    root.setRowCount(rows);
    return root;
  }

  private interface Appender {
    void append(int index, Object value);
  }

  private static Appender of(FieldVector vector, Type type, String column) {
    Appender nonNull =
        switch (type.typeId()) {
          case BOOLEAN -> (i, v) -> ((BitVector) vector).setSafe(i, (Boolean) v ? 1 : 0);
          case INTEGER -> (i, v) -> ((IntVector) vector).setSafe(i, (Integer) v);
          case LONG -> (i, v) -> ((BigIntVector) vector).setSafe(i, (Long) v);
          case FLOAT -> (i, v) -> ((Float4Vector) vector).setSafe(i, (Float) v);
          case DOUBLE -> (i, v) -> ((Float8Vector) vector).setSafe(i, (Double) v);
          case DATE ->
              (i, v) -> ((DateDayVector) vector).setSafe(i, (int) ((LocalDate) v).toEpochDay());
          case TIME ->
              (i, v) -> ((TimeMicroVector) vector).setSafe(i, ((LocalTime) v).toNanoOfDay() / 1000);
          case TIMESTAMP -> (i, v) -> ((TimeStampVector) vector).setSafe(i, epoch(v, 1000));
          case TIMESTAMP_NANO -> (i, v) -> ((TimeStampVector) vector).setSafe(i, epoch(v, 1));
          case STRING ->
              (i, v) ->
                  ((VarCharVector) vector)
                      .setSafe(i, v.toString().getBytes(StandardCharsets.UTF_8));
          case BINARY -> (i, v) -> binary((VarBinaryVector) vector, i, v);
          case FIXED -> (i, v) -> ((FixedSizeBinaryVector) vector).setSafe(i, fixed(v));
          case UUID -> (i, v) -> ((FixedSizeBinaryVector) vector).setSafe(i, uuid((UUID) v));
          case DECIMAL -> (i, v) -> ((DecimalVector) vector).setSafe(i, (BigDecimal) v);
          case LIST -> list((ListVector) vector, type.asListType(), column);
          case MAP -> map((MapVector) vector, type.asMapType(), column);
          case STRUCT -> struct((StructVector) vector, type.asStructType(), column);
          default -> throw ArrowLayout.unsupported(type, column);
        };
    return (index, value) -> {
      if (value == null) {
        setNull(vector, index);
      } else {
        nonNull.append(index, value);
      }
    };
  }

  private static Appender list(ListVector vector, Types.ListType type, String column) {
    if (vector.getDataVector() instanceof Float4Vector floats) {
      return (index, value) -> embedding(vector, floats, index, (List<?>) value);
    }
    Appender element =
        of(vector.getDataVector(), type.elementType(), column + "." + type.fields().get(0).name());
    return (index, value) -> {
      List<?> values = (List<?>) value;
      int offset = vector.startNewValue(index);
      for (int k = 0; k < values.size(); k++) {
        element.append(offset + k, values.get(k));
      }
      vector.endValue(index, values.size());
    };
  }

  // Embeddings: room for the whole list at once instead of a capacity check per element.
  private static void embedding(ListVector vector, Float4Vector floats, int index, List<?> values) {
    int offset = vector.startNewValue(index);
    int end = offset + values.size();
    while (floats.getValueCapacity() < end) {
      floats.reAlloc();
    }
    for (int k = 0; k < values.size(); k++) {
      Object element = values.get(k);
      if (element == null) {
        floats.setNull(offset + k);
      } else {
        floats.set(offset + k, (Float) element);
      }
    }
    vector.endValue(index, values.size());
  }

  // A map is a list of key/value structs; entries keep the order the map iterates them in.
  private static Appender map(MapVector vector, Types.MapType type, String column) {
    StructVector entries = (StructVector) vector.getDataVector();
    List<FieldVector> children = entries.getChildrenFromFields();
    Appender key = of(children.get(0), type.keyType(), column + ".key");
    Appender value = of(children.get(1), type.valueType(), column + ".value");
    return (index, map) -> {
      int offset = vector.startNewValue(index);
      int k = 0;
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) map).entrySet()) {
        entries.setIndexDefined(offset + k);
        key.append(offset + k, entry.getKey());
        value.append(offset + k, entry.getValue());
        k++;
      }
      vector.endValue(index, k);
    };
  }

  private static Appender struct(StructVector vector, Types.StructType type, String column) {
    List<FieldVector> vectors = vector.getChildrenFromFields();
    Appender[] children = new Appender[type.fields().size()];
    for (int k = 0; k < children.length; k++) {
      Types.NestedField field = type.fields().get(k);
      children[k] = of(vectors.get(k), field.type(), column + "." + field.name());
    }
    return (index, value) -> {
      StructLike struct = (StructLike) value;
      vector.setIndexDefined(index);
      for (int k = 0; k < children.length; k++) {
        children[k].append(index, struct.get(k, Object.class));
      }
    };
  }

  // A null struct nulls its children too, so every child vector covers every row.
  private static void setNull(FieldVector vector, int index) {
    if (vector instanceof StructVector struct) {
      struct.setNull(index);
      struct.getChildrenFromFields().forEach(child -> setNull(child, index));
    } else if (vector instanceof ListVector list) {
      list.setNull(index);
    } else {
      // setNull of fixed and variable width vectors does not grow them: make room first.
      while (vector.getValueCapacity() <= index) {
        vector.reAlloc();
      }
      vector.setNull(index);
    }
  }

  private static long epoch(Object value, long nanosPerUnit) {
    long seconds;
    int nanos;
    if (value instanceof OffsetDateTime timestamp) {
      seconds = timestamp.toEpochSecond();
      nanos = timestamp.getNano();
    } else {
      LocalDateTime timestamp = (LocalDateTime) value;
      seconds = timestamp.toEpochSecond(ZoneOffset.UTC);
      nanos = timestamp.getNano();
    }
    long units =
        Math.addExact(
            Math.multiplyExact(seconds, 1_000_000_000L / nanosPerUnit), nanos / nanosPerUnit);
    // Before 1970 Iceberg's writers truncate sub-unit digits towards zero, not towards the past.
    return seconds < 0 && nanos % nanosPerUnit != 0 ? units + 1 : units;
  }

  private static void binary(VarBinaryVector vector, int index, Object value) {
    if (value instanceof byte[] bytes) {
      vector.setSafe(index, bytes);
    } else {
      ByteBuffer buffer = ((ByteBuffer) value).duplicate(); // Arrow's copy moves the position
      vector.setSafe(index, buffer, buffer.position(), buffer.remaining());
    }
  }

  private static byte[] fixed(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    ByteBuffer buffer = ((ByteBuffer) value).duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  private static byte[] uuid(UUID uuid) {
    return ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }
}
