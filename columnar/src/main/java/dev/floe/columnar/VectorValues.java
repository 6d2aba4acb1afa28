package dev.floe.columnar;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Reads values of {@link ArrowLayout} vectors as Iceberg generic values (the Java types of {@code
 * org.apache.iceberg.data.Record}: {@code OffsetDateTime} for timestamptz, {@code LocalDateTime}
 * for timestamp, {@code byte[]} for fixed, {@code ByteBuffer} for binary, lists, maps and records).
 * A reader is built once per column from the Iceberg type, so the type dispatch is per column, not
 * per value.
 */
public final class VectorValues {
  private VectorValues() {}

  /** Reads the value (or null) at a row index of the vector it was built for. */
  public interface Reader {
    Object read(int row);
  }

  public static Reader of(FieldVector vector, Type type, String column) {
    Reader value = nonNull(vector, type, column);
    return row -> vector.isNull(row) ? null : value.read(row);
  }

  private static Reader nonNull(FieldVector vector, Type type, String column) {
    return switch (type.typeId()) {
      case BOOLEAN -> row -> ((BitVector) vector).get(row) == 1;
      case INTEGER -> ((IntVector) vector)::get;
      case LONG -> ((BigIntVector) vector)::get;
      case FLOAT -> ((Float4Vector) vector)::get;
      case DOUBLE -> ((Float8Vector) vector)::get;
      case DATE -> row -> LocalDate.ofEpochDay(((DateDayVector) vector).get(row));
      case TIME -> row -> LocalTime.ofNanoOfDay(((TimeMicroVector) vector).get(row) * 1000);
      case TIMESTAMP -> timestamp((TimeStampVector) vector, (Types.TimestampType) type, 1000);
      case TIMESTAMP_NANO ->
          timestamp((TimeStampVector) vector, ((Types.TimestampNanoType) type).shouldAdjustToUTC());
      case STRING -> row -> new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8);
      case BINARY -> row -> ByteBuffer.wrap(((VarBinaryVector) vector).get(row));
      case FIXED -> ((FixedSizeBinaryVector) vector)::get;
      case UUID -> row -> uuid(((FixedSizeBinaryVector) vector).get(row));
      case DECIMAL -> row -> decimal((DecimalVector) vector, row, (Types.DecimalType) type);
      case LIST -> list((ListVector) vector, type.asListType(), column);
      case MAP -> map((MapVector) vector, type.asMapType(), column);
      case STRUCT -> struct((StructVector) vector, type.asStructType(), column);
      default ->
          throw new UnsupportedOperationException(
              String.format("Cannot write column %s: type %s is not supported", column, type));
    };
  }

  private static Reader timestamp(TimeStampVector vector, Types.TimestampType type, long nanos) {
    return timestamp(vector, type.shouldAdjustToUTC(), nanos);
  }

  private static Reader timestamp(TimeStampVector vector, boolean utc) {
    return timestamp(vector, utc, 1);
  }

  private static Reader timestamp(TimeStampVector vector, boolean utc, long nanosPerUnit) {
    long perSecond = 1_000_000_000L / nanosPerUnit;
    return row -> {
      long value = vector.get(row);
      long seconds = Math.floorDiv(value, perSecond);
      long nanos = Math.floorMod(value, perSecond) * nanosPerUnit;
      return utc
          ? OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), ZoneOffset.UTC)
          : LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC);
    };
  }

  // Arrow's getObject gives the vector's scale; the column's is the one the writers check.
  private static BigDecimal decimal(DecimalVector vector, int row, Types.DecimalType type) {
    return vector.getObject(row).setScale(type.scale());
  }

  private static UUID uuid(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new UUID(buffer.getLong(), buffer.getLong());
  }

  private static Reader list(ListVector vector, Types.ListType type, String column) {
    Reader element = of(vector.getDataVector(), type.elementType(), column + ".element");
    return row -> {
      int start = vector.getElementStartIndex(row);
      int end = vector.getElementEndIndex(row);
      List<Object> values = new ArrayList<>(end - start);
      for (int i = start; i < end; i++) {
        values.add(element.read(i));
      }
      return values;
    };
  }

  private static Reader map(MapVector vector, Types.MapType type, String column) {
    List<FieldVector> entries = ((StructVector) vector.getDataVector()).getChildrenFromFields();
    Reader key = of(entries.get(0), type.keyType(), column + ".key");
    Reader value = of(entries.get(1), type.valueType(), column + ".value");
    return row -> {
      int start = vector.getElementStartIndex(row);
      int end = vector.getElementEndIndex(row);
      Map<Object, Object> values = new LinkedHashMap<>();
      for (int i = start; i < end; i++) {
        values.put(key.read(i), value.read(i));
      }
      return values;
    };
  }

  private static Reader struct(StructVector vector, Types.StructType type, String column) {
    List<FieldVector> children = vector.getChildrenFromFields();
    Reader[] fields = new Reader[type.fields().size()];
    for (int i = 0; i < fields.length; i++) {
      Types.NestedField field = type.fields().get(i);
      fields[i] = of(children.get(i), field.type(), column + "." + field.name());
    }
    return row -> {
      GenericRecord record = GenericRecord.create(type);
      for (int i = 0; i < fields.length; i++) {
        record.set(i, fields[i].read(row));
      }
      return record;
    };
  }
}
