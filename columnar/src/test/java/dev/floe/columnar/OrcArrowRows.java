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
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Iceberg records into Arrow vectors laid out as {@link ArrowLayout} says, value by value. */
final class OrcArrowRows {
  private OrcArrowRows() {}

  /** A root the caller closes, holding {@code records} in order. */
  static VectorSchemaRoot of(Schema schema, List<? extends StructLike> records, BufferAllocator a) {
    VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(schema), a);
    root.allocateNew();
    List<Types.NestedField> columns = schema.columns();
    for (int row = 0; row < records.size(); row++) {
      for (int c = 0; c < columns.size(); c++) {
        Object value = records.get(row).get(c, Object.class);
        set(root.getVector(c), columns.get(c).type(), row, value);
      }
    }
    root.setRowCount(records.size());
    return root;
  }

  private static void set(ValueVector vector, Type type, int index, Object value) {
    if (value == null) {
      setNull(vector, index);
      return;
    }
    switch (type.typeId()) {
      case BOOLEAN -> ((BitVector) vector).setSafe(index, (Boolean) value ? 1 : 0);
      case INTEGER -> ((IntVector) vector).setSafe(index, (Integer) value);
      case LONG -> ((BigIntVector) vector).setSafe(index, (Long) value);
      case FLOAT -> ((Float4Vector) vector).setSafe(index, (Float) value);
      case DOUBLE -> ((Float8Vector) vector).setSafe(index, (Double) value);
      case DECIMAL -> ((DecimalVector) vector).setSafe(index, (BigDecimal) value);
      case DATE -> ((DateDayVector) vector).setSafe(index, (int) ((LocalDate) value).toEpochDay());
      case TIME ->
          ((TimeMicroVector) vector).setSafe(index, ((LocalTime) value).toNanoOfDay() / 1_000);
      case TIMESTAMP -> ((TimeStampVector) vector).setSafe(index, since1970(value, 1_000_000L));
      case TIMESTAMP_NANO ->
          ((TimeStampVector) vector).setSafe(index, since1970(value, 1_000_000_000L));
      case STRING ->
          ((VarCharVector) vector)
              .setSafe(index, value.toString().getBytes(StandardCharsets.UTF_8));
      case UUID -> ((FixedSizeBinaryVector) vector).setSafe(index, uuid((UUID) value));
      case FIXED -> ((FixedSizeBinaryVector) vector).setSafe(index, (byte[]) value);
      case BINARY -> ((VarBinaryVector) vector).setSafe(index, bytes((ByteBuffer) value));
      case STRUCT -> {
        StructVector struct = (StructVector) vector;
        struct.setIndexDefined(index);
        List<Types.NestedField> fields = type.asStructType().fields();
        for (int i = 0; i < fields.size(); i++) {
          Object child = ((StructLike) value).get(i, Object.class);
          set(struct.getChildByOrdinal(i), fields.get(i).type(), index, child);
        }
      }
      case LIST -> {
        ListVector list = (ListVector) vector;
        List<?> values = (List<?>) value;
        int start = list.startNewValue(index);
        for (int i = 0; i < values.size(); i++) {
          set(list.getDataVector(), type.asListType().elementType(), start + i, values.get(i));
        }
        list.endValue(index, values.size());
      }
      case MAP -> {
        ListVector map = (ListVector) vector;
        StructVector entries = (StructVector) map.getDataVector();
        int position = map.startNewValue(index);
        Map<?, ?> values = (Map<?, ?>) value;
        for (Map.Entry<?, ?> entry : values.entrySet()) {
          entries.setIndexDefined(position);
          set(entries.getChildByOrdinal(0), type.asMapType().keyType(), position, entry.getKey());
          set(
              entries.getChildByOrdinal(1),
              type.asMapType().valueType(),
              position,
              entry.getValue());
          position++;
        }
        map.endValue(index, values.size());
      }
      default -> throw new IllegalArgumentException("No Arrow value of " + type);
    }
  }

  private static void setNull(ValueVector vector, int index) {
    if (vector instanceof BaseFixedWidthVector fixed) {
      fixed.setNull(index);
    } else if (vector instanceof BaseVariableWidthVector variable) {
      variable.setNull(index);
    } else if (vector instanceof ListVector list) {
      list.setNull(index);
    } else if (vector instanceof StructVector struct) {
      struct.setNull(index);
    } else {
      throw new IllegalArgumentException("Cannot set null in " + vector.getClass());
    }
  }

  /** In units of which {@code perSecond} make a second; exact for the whole units generated. */
  private static long since1970(Object value, long perSecond) {
    LocalDateTime utc =
        value instanceof OffsetDateTime zoned
            ? zoned.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
            : (LocalDateTime) value;
    long seconds = utc.toEpochSecond(ZoneOffset.UTC);
    long fraction = utc.getNano() / (1_000_000_000L / perSecond);
    return Math.addExact(Math.multiplyExact(seconds, perSecond), fraction);
  }

  private static byte[] uuid(UUID uuid) {
    return ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
