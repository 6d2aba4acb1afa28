package dev.floe.timetravel;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * Seeded random rows of every type the row path copies into Arrow, with the Java values Iceberg's
 * generic readers give (binary as a buffer, fixed as bytes, timestamps to the microsecond or the
 * nanosecond): nulls at every level, NaN and -0.0, decimals at the edge of their precision, nested
 * lists, maps, structs, and timestamps with and without a zone on both sides of 1970.
 */
final class EveryTypeRows {
  /** Types {@link VectorDigest} digests from vectors, nested every way it digests them. */
  static final Schema DIGESTED =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "flag", Types.BooleanType.get()),
          optional(3, "count", Types.IntegerType.get()),
          optional(4, "ratio", Types.FloatType.get()),
          optional(5, "score", Types.DoubleType.get()),
          optional(6, "price", Types.DecimalType.of(9, 2)),
          optional(7, "huge", Types.DecimalType.of(38, 10)),
          optional(8, "day", Types.DateType.get()),
          optional(9, "at", Types.TimeType.get()),
          optional(10, "ts", Types.TimestampType.withoutZone()),
          optional(11, "tstz", Types.TimestampType.withZone()),
          optional(12, "name", Types.StringType.get()),
          optional(13, "uid", Types.UUIDType.get()),
          optional(14, "blob", Types.BinaryType.get()),
          optional(15, "embedding", Types.ListType.ofOptional(30, Types.FloatType.get())),
          optional(16, "tags", Types.ListType.ofOptional(31, Types.StringType.get())),
          optional(
              17, "attrs", Types.MapType.ofOptional(32, 33, Types.StringType.get(), dec(20, 3))),
          optional(
              18,
              "point",
              Types.StructType.of(
                  required(34, "x", Types.DoubleType.get()),
                  optional(35, "when", Types.TimestampType.withZone()))));

  /**
   * {@link #DIGESTED} and what only records digest: fixed, lists of lists, of structs, maps of
   * lists.
   */
  static final Schema ALL =
      TypeUtil.join(
          DIGESTED,
          new Schema(
              optional(21, "code", Types.FixedType.ofLength(5)),
              optional(
                  22,
                  "nested",
                  Types.ListType.ofOptional(
                      40, Types.ListType.ofOptional(41, Types.LongType.get()))),
              optional(
                  23,
                  "events",
                  Types.ListType.ofOptional(
                      42,
                      Types.StructType.of(
                          required(43, "kind", Types.IntegerType.get()),
                          optional(44, "amount", dec(18, 4))))),
              optional(
                  24,
                  "parts",
                  Types.MapType.ofRequired(
                      45,
                      46,
                      Types.IntegerType.get(),
                      Types.ListType.ofOptional(47, Types.DoubleType.get())))));

  private static final float[] FLOATS = {Float.NaN, -0.0f, 0.0f, Float.NEGATIVE_INFINITY, 1.5f};
  private static final double[] DOUBLES = {Double.NaN, -0.0, Double.MAX_VALUE, -1e300};
  private static final String[] WORDS = {"", "a", "zürich", "日本語", "😀 emoji", "\u0000x"};

  private final Random random;

  private EveryTypeRows(long seed) {
    this.random = new Random(seed);
  }

  private static Types.DecimalType dec(int precision, int scale) {
    return Types.DecimalType.of(precision, scale);
  }

  /** {@code count} rows of {@code schema}, the same for the same seed. */
  static List<Record> of(Schema schema, int count, long seed) {
    EveryTypeRows rows = new EveryTypeRows(seed);
    List<Record> records = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      records.add(rows.struct(schema.asStruct()));
    }
    return records;
  }

  private Record struct(Types.StructType type) {
    Record record = GenericRecord.create(type);
    for (int i = 0; i < type.fields().size(); i++) {
      record.set(i, field(type.fields().get(i)));
    }
    return record;
  }

  private Object field(Types.NestedField field) {
    return field.isOptional() && random.nextInt(6) == 0 ? null : value(field.type());
  }

  private Object value(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN -> random.nextBoolean();
      case INTEGER -> random.nextInt(4) == 0 ? Integer.MIN_VALUE : random.nextInt();
      case LONG -> random.nextInt(4) == 0 ? Long.MIN_VALUE : random.nextLong();
      case FLOAT ->
          random.nextBoolean() ? FLOATS[random.nextInt(FLOATS.length)] : random.nextFloat();
      case DOUBLE ->
          random.nextBoolean() ? DOUBLES[random.nextInt(DOUBLES.length)] : random.nextGaussian();
      case DECIMAL -> decimal((Types.DecimalType) type);
      case DATE -> LocalDate.ofEpochDay(random.nextInt(200_000) - 100_000);
      case TIME -> LocalTime.ofNanoOfDay(Math.floorMod(random.nextLong(), 86_400_000_000L) * 1000);
      case TIMESTAMP -> timestamp(((Types.TimestampType) type).shouldAdjustToUTC(), 1000);
      case TIMESTAMP_NANO -> timestamp(((Types.TimestampNanoType) type).shouldAdjustToUTC(), 1);
      case STRING -> WORDS[random.nextInt(WORDS.length)] + random.nextInt(100);
      case UUID -> new UUID(random.nextLong(), random.nextLong());
      case FIXED -> bytes(((Types.FixedType) type).length());
      case BINARY -> ByteBuffer.wrap(bytes(random.nextInt(20)));
      case STRUCT -> struct(type.asStructType());
      case LIST -> {
        List<Object> list = new ArrayList<>();
        int size = random.nextInt(4) == 0 ? 0 : random.nextInt(6);
        for (int k = 0; k < size; k++) {
          list.add(field(type.asListType().fields().get(0)));
        }
        yield list;
      }
      case MAP -> {
        Map<Object, Object> map = new LinkedHashMap<>();
        int size = random.nextInt(4) == 0 ? 0 : random.nextInt(4);
        for (int k = 0; k < size; k++) {
          map.put(value(type.asMapType().keyType()), field(type.asMapType().fields().get(1)));
        }
        yield map;
      }
      default -> throw new IllegalArgumentException("No random values of " + type);
    };
  }

  private BigDecimal decimal(Types.DecimalType type) {
    BigInteger limit = BigInteger.TEN.pow(type.precision());
    BigInteger unscaled =
        random.nextInt(4) == 0
            ? limit.subtract(BigInteger.ONE)
            : new BigInteger(limit.bitLength() + 8, random).mod(limit);
    return new BigDecimal(random.nextBoolean() ? unscaled.negate() : unscaled, type.scale());
  }

  // Whole units of nanosPerUnit, around 1970 half of the time, where flooring negatives matters.
  private Object timestamp(boolean withZone, long nanosPerUnit) {
    long nanos =
        random.nextBoolean()
            ? random.nextLong() % 4_000_000_000_000_000_000L
            : random.nextInt(3_000_000) * 1000L - 1_000_000_000L;
    nanos -= Math.floorMod(nanos, nanosPerUnit);
    LocalDateTime utc =
        LocalDateTime.ofEpochSecond(
            Math.floorDiv(nanos, 1_000_000_000L),
            (int) Math.floorMod(nanos, 1_000_000_000L),
            ZoneOffset.UTC);
    return withZone ? OffsetDateTime.of(utc, ZoneOffset.UTC) : utc;
  }

  private byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
