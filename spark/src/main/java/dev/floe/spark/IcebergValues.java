package dev.floe.spark;

import dev.floe.lockformat.DigestField;
import dev.floe.lockformat.DigestField.Kind;
import java.nio.ByteBuffer;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.RowFactory;
import scala.collection.JavaConverters;

/**
 * Iceberg's generic values (what its generic Parquet, ORC and Avro readers give) seen two ways: as
 * the plain values {@link dev.floe.lockformat.RowDigest} hashes, and as the external values a Spark
 * {@code Row} of {@code SparkSchemaUtil.convert(schema)} holds.
 */
final class IcebergValues {
  private static final OffsetDateTime EPOCH =
      OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private IcebergValues() {}

  /** The digest shape of a field of {@code type}. */
  static DigestField field(Type type, boolean optional) {
    return switch (type.typeId()) {
      case BOOLEAN -> DigestField.of(Kind.BOOLEAN, optional);
      case INTEGER, DATE -> DigestField.of(Kind.INT, optional);
      case LONG, TIME, TIMESTAMP, TIMESTAMP_NANO -> DigestField.of(Kind.LONG, optional);
      case FLOAT -> DigestField.of(Kind.FLOAT, optional);
      case DOUBLE -> DigestField.of(Kind.DOUBLE, optional);
      case DECIMAL -> DigestField.decimal(((Types.DecimalType) type).scale(), optional);
      case UUID -> DigestField.of(Kind.UUID, optional);
      case FIXED -> DigestField.fixed(((Types.FixedType) type).length(), optional);
      case STRING -> DigestField.of(Kind.STRING, optional);
      case BINARY -> DigestField.of(Kind.BINARY, optional);
      case LIST -> {
        Types.NestedField element = type.asListType().fields().get(0);
        yield DigestField.list(field(element.type(), element.isOptional()), optional);
      }
      case MAP -> {
        Types.MapType map = type.asMapType();
        yield DigestField.map(
            field(map.keyType(), false), field(map.valueType(), map.isValueOptional()), optional);
      }
      case STRUCT -> {
        List<DigestField> fields = new ArrayList<>();
        type.asStructType().fields().forEach(f -> fields.add(field(f.type(), f.isOptional())));
        yield DigestField.struct(fields, optional);
      }
      default ->
          throw new UnsupportedOperationException(
              "Cannot check values of type " + type + " on Spark");
    };
  }

  /** {@code value} as the digest hashes it: days, micros and nanos as numbers. */
  static Object digest(Type type, Object value) {
    if (value == null) {
      return null;
    }
    return switch (type.typeId()) {
      case DATE -> (int) ((LocalDate) value).toEpochDay();
      case TIME -> ((LocalTime) value).toNanoOfDay() / 1000;
      case TIMESTAMP -> ChronoUnit.MICROS.between(EPOCH, utc(value));
      case TIMESTAMP_NANO -> ChronoUnit.NANOS.between(EPOCH, utc(value));
      case LIST -> {
        Type element = type.asListType().elementType();
        List<Object> out = new ArrayList<>();
        ((List<?>) value).forEach(v -> out.add(digest(element, v)));
        yield out;
      }
      case MAP -> {
        Types.MapType map = type.asMapType();
        Map<Object, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) value)
            .forEach((k, v) -> out.put(digest(map.keyType(), k), digest(map.valueType(), v)));
        yield out;
      }
      case STRUCT -> {
        List<Types.NestedField> fields = type.asStructType().fields();
        StructLike struct = (StructLike) value;
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
          out.add(digest(fields.get(i).type(), struct.get(i, Object.class)));
        }
        yield out;
      }
      default -> value;
    };
  }

  /**
   * {@code value} as Spark's external type for {@code type}; dates and zoned timestamps as {@code
   * java.time} values when the session's Java 8 time API is on ({@code java8}), else {@code
   * java.sql} ones, as Spark's row encoder expects.
   */
  static Object spark(Type type, Object value, boolean java8) {
    if (value == null) {
      return null;
    }
    return switch (type.typeId()) {
      case DATE -> java8 ? value : Date.valueOf((LocalDate) value);
      case TIMESTAMP -> {
        if (!((Types.TimestampType) type).shouldAdjustToUTC()) {
          yield value; // LocalDateTime: TimestampNTZType
        }
        yield java8
            ? ((OffsetDateTime) value).toInstant()
            : Timestamp.from(((OffsetDateTime) value).toInstant());
      }
      case UUID -> value.toString();
      case BINARY -> bytes((ByteBuffer) value);
      case LIST -> {
        Type element = type.asListType().elementType();
        List<?> list = (List<?>) value;
        Object[] out = new Object[list.size()];
        for (int i = 0; i < out.length; i++) {
          out[i] = spark(element, list.get(i), java8);
        }
        yield out;
      }
      case MAP -> {
        Types.MapType map = type.asMapType();
        Map<Object, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) value)
            .forEach(
                (k, v) ->
                    out.put(spark(map.keyType(), k, java8), spark(map.valueType(), v, java8)));
        yield JavaConverters.mapAsScalaMap(out);
      }
      case STRUCT -> {
        List<Types.NestedField> fields = type.asStructType().fields();
        StructLike struct = (StructLike) value;
        Object[] out = new Object[fields.size()];
        for (int i = 0; i < out.length; i++) {
          out[i] = spark(fields.get(i).type(), struct.get(i, Object.class), java8);
        }
        yield RowFactory.create(out);
      }
      default -> value;
    };
  }

  private static OffsetDateTime utc(Object value) {
    return value instanceof LocalDateTime local
        ? local.atOffset(ZoneOffset.UTC)
        : (OffsetDateTime) value;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
