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
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Iceberg records into Arrow vectors laid out by {@link ArrowLayout}, value by value: the test
 * input of both writers.
 */
final class RecordsToArrow {
  private RecordsToArrow() {}

  /** A new root (the caller closes it) holding {@code records}. */
  static VectorSchemaRoot of(
      Schema schema, List<? extends StructLike> records, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(schema), allocator);
    root.allocateNew();
    List<Types.NestedField> columns = schema.columns();
    for (int c = 0; c < columns.size(); c++) {
      FieldVector vector = root.getVector(c);
      for (int row = 0; row < records.size(); row++) {
        set(vector, columns.get(c).type(), row, records.get(row).get(c, Object.class));
      }
    }
    root.setRowCount(records.size());
    return root;
  }

  static void set(FieldVector vector, Type type, int index, Object value) {
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
      case DATE -> ((DateDayVector) vector).setSafe(index, (int) ((LocalDate) value).toEpochDay());
      case TIME ->
          ((TimeMicroVector) vector).setSafe(index, ((LocalTime) value).toNanoOfDay() / 1000);
      case TIMESTAMP -> ((TimeStampVector) vector).setSafe(index, since1970(value, 1_000_000L));
      case TIMESTAMP_NANO ->
          ((TimeStampVector) vector).setSafe(index, since1970(value, 1_000_000_000L));
      case STRING ->
          ((VarCharVector) vector)
              .setSafe(index, value.toString().getBytes(StandardCharsets.UTF_8));
      case BINARY -> {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        ((VarBinaryVector) vector).setSafe(index, buffer, buffer.position(), buffer.remaining());
      }
      case FIXED -> ((FixedSizeBinaryVector) vector).setSafe(index, (byte[]) value);
      case UUID -> {
        UUID uuid = (UUID) value;
        byte[] bytes =
            ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
        ((FixedSizeBinaryVector) vector).setSafe(index, bytes);
      }
      case DECIMAL -> ((DecimalVector) vector).setSafe(index, (BigDecimal) value);
      case STRUCT -> {
        StructVector struct = (StructVector) vector;
        struct.setIndexDefined(index);
        List<Types.NestedField> fields = type.asStructType().fields();
        for (int k = 0; k < fields.size(); k++) {
          set(
              struct.getChildrenFromFields().get(k),
              fields.get(k).type(),
              index,
              ((StructLike) value).get(k, Object.class));
        }
      }
      case LIST -> {
        ListVector list = (ListVector) vector;
        List<?> values = (List<?>) value;
        int offset = list.startNewValue(index);
        for (int k = 0; k < values.size(); k++) {
          set(list.getDataVector(), type.asListType().elementType(), offset + k, values.get(k));
        }
        list.endValue(index, values.size());
      }
      case MAP -> {
        MapVector map = (MapVector) vector;
        StructVector entries = (StructVector) map.getDataVector();
        List<FieldVector> keyValue = entries.getChildrenFromFields();
        int offset = map.startNewValue(index);
        int k = 0;
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          entries.setIndexDefined(offset + k);
          set(keyValue.get(0), type.asMapType().keyType(), offset + k, entry.getKey());
          set(keyValue.get(1), type.asMapType().valueType(), offset + k, entry.getValue());
          k++;
        }
        map.endValue(index, k);
      }
      default -> throw new UnsupportedOperationException("Cannot set " + type);
    }
  }

  private static void setNull(FieldVector vector, int index) {
    if (vector instanceof StructVector struct) {
      struct.setNull(index);
      struct.getChildrenFromFields().forEach(child -> setNull(child, index));
    } else if (vector instanceof ListVector list) {
      list.setNull(index);
    } else {
      while (vector.getValueCapacity() <= index) {
        vector.reAlloc();
      }
      vector.setNull(index);
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
}
