package dev.floe.columnar;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
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
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * Seeded random rows of any schema, rich in the cases writers get wrong: nulls at every level, NaN,
 * -0.0 and infinities, extreme longs, empty and long unicode strings (with characters outside the
 * BMP and strings of the highest code point, whose upper bound cannot be truncated), empty lists
 * and maps, decimals at the edge of their precision.
 */
final class RandomRows {
  private static final String[] WORDS = {
    "",
    "a",
    "zürich",
    "ça va",
    "日本語のテキストです、とても長い",
    "emoji 😀😃😄😁 and more text here",
    "\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF"
        + "\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF!",
    "a string that is a good deal longer than sixteen characters"
  };
  private static final float[] FLOATS = {
    Float.NaN, -0.0f, 0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, 1.5f
  };
  private static final double[] DOUBLES = {
    Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -Double.MAX_VALUE
  };
  private static final long[] LONGS = {Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L};

  private final Random random;

  private RandomRows(long seed) {
    this.random = new Random(seed);
  }

  /** Every type Floe's Arrow layout has, nested every way, with required fields at each level. */
  static Schema everyType() {
    return new Schema(
        required(1, "id", Types.LongType.get()),
        optional(2, "flag", Types.BooleanType.get()),
        optional(3, "count", Types.IntegerType.get()),
        optional(4, "big", Types.LongType.get()),
        optional(5, "ratio", Types.FloatType.get()),
        optional(6, "score", Types.DoubleType.get()),
        required(7, "weight", Types.FloatType.get()),
        optional(8, "price", Types.DecimalType.of(9, 2)),
        optional(9, "amount", Types.DecimalType.of(18, 4)),
        optional(10, "huge", Types.DecimalType.of(38, 10)),
        optional(11, "day", Types.DateType.get()),
        optional(12, "at", Types.TimeType.get()),
        optional(13, "ts", Types.TimestampType.withoutZone()),
        optional(14, "tstz", Types.TimestampType.withZone()),
        optional(15, "name", Types.StringType.get()),
        optional(16, "uid", Types.UUIDType.get()),
        optional(17, "code", Types.FixedType.ofLength(7)),
        optional(18, "blob", Types.BinaryType.get()),
        optional(
            19,
            "point",
            Types.StructType.of(
                required(30, "x", Types.DoubleType.get()),
                optional(31, "y", Types.FloatType.get()),
                optional(32, "label", Types.StringType.get()))),
        optional(20, "tags", Types.ListType.ofOptional(33, Types.StringType.get())),
        optional(21, "embedding", Types.ListType.ofRequired(34, Types.FloatType.get())),
        optional(
            22,
            "attrs",
            Types.MapType.ofOptional(35, 36, Types.StringType.get(), Types.LongType.get())),
        optional(
            23,
            "events",
            Types.ListType.ofOptional(
                37,
                Types.StructType.of(
                    required(38, "kind", Types.IntegerType.get()),
                    optional(
                        39, "values", Types.ListType.ofOptional(40, Types.DoubleType.get()))))),
        optional(
            24,
            "parts",
            Types.MapType.ofRequired(
                41,
                42,
                Types.IntegerType.get(),
                Types.StructType.of(
                    optional(43, "p", Types.FloatType.get()),
                    optional(44, "q", Types.DecimalType.of(20, 3))))),
        // Parquet cannot hold this name: Iceberg writes it Avro-safe ("user_x2Did").
        optional(25, "user-id", Types.LongType.get()),
        optional(26, "scores", Types.ListType.ofOptional(45, Types.FloatType.get())));
  }

  static List<Record> of(Schema schema, int count, long seed) {
    RandomRows rows = new RandomRows(seed);
    List<Record> records = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      Record record = rows.struct(schema.asStruct());
      record.setField("id", (long) k);
      records.add(record);
    }
    return records;
  }

  private Record struct(Types.StructType type) {
    Record record = GenericRecord.create(type);
    for (Types.NestedField field : type.fields()) {
      record.setField(field.name(), field(field));
    }
    return record;
  }

  private Object field(Types.NestedField field) {
    return field.isOptional() && random.nextInt(7) == 0 ? null : value(field.type());
  }

  private Object value(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN -> random.nextBoolean();
      case INTEGER -> random.nextInt(5) == 0 ? Integer.MIN_VALUE : random.nextInt(1000) - 500;
      case LONG -> random.nextInt(5) == 0 ? LONGS[random.nextInt(LONGS.length)] : random.nextLong();
      case FLOAT ->
          random.nextInt(4) == 0
              ? FLOATS[random.nextInt(FLOATS.length)]
              : random.nextFloat() - 0.5f;
      case DOUBLE ->
          random.nextInt(4) == 0
              ? DOUBLES[random.nextInt(DOUBLES.length)]
              : random.nextGaussian() * 1e6;
      case DECIMAL -> decimal((Types.DecimalType) type);
      case DATE -> DateTimeUtil.dateFromDays(random.nextInt(80_000) - 20_000);
      case TIME -> DateTimeUtil.timeFromMicros(Math.floorMod(random.nextLong(), 86_400_000_000L));
      case TIMESTAMP -> {
        long micros = random.nextLong() % 4_000_000_000_000_000L;
        yield ((Types.TimestampType) type).shouldAdjustToUTC()
            ? DateTimeUtil.timestamptzFromMicros(micros)
            : DateTimeUtil.timestampFromMicros(micros);
      }
      case TIMESTAMP_NANO -> {
        long nanos = random.nextLong() % 4_000_000_000_000_000_000L;
        yield ((Types.TimestampNanoType) type).shouldAdjustToUTC()
            ? DateTimeUtil.timestamptzFromNanos(nanos)
            : DateTimeUtil.timestampFromNanos(nanos);
      }
      case STRING ->
          random.nextBoolean() ? WORDS[random.nextInt(WORDS.length)] : "w" + random.nextInt(100);
      case UUID -> new UUID(random.nextLong(), random.nextLong());
      case FIXED -> bytes(((Types.FixedType) type).length());
      case BINARY -> ByteBuffer.wrap(bytes(random.nextInt(40)));
      case STRUCT -> struct(type.asStructType());
      case LIST -> {
        List<Object> list = new ArrayList<>();
        int size = random.nextInt(4) == 0 ? 0 : random.nextInt(6);
        Types.NestedField element = type.asListType().fields().get(0);
        for (int k = 0; k < size; k++) {
          list.add(field(element));
        }
        yield list;
      }
      case MAP -> {
        Map<Object, Object> map = new LinkedHashMap<>();
        int size = random.nextInt(4) == 0 ? 0 : random.nextInt(5);
        Types.MapType mapType = type.asMapType();
        for (int k = 0; k < size; k++) {
          map.put(value(mapType.keyType()), field(mapType.fields().get(1)));
        }
        yield map;
      }
      default -> throw new UnsupportedOperationException("No random values of " + type);
    };
  }

  private BigDecimal decimal(Types.DecimalType type) {
    BigInteger limit = BigInteger.TEN.pow(type.precision());
    BigInteger unscaled =
        random.nextInt(6) == 0
            ? limit.subtract(BigInteger.ONE)
            : new BigInteger(limit.bitLength() + 8, random).mod(limit);
    return new BigDecimal(random.nextBoolean() ? unscaled.negate() : unscaled, type.scale());
  }

  private byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
