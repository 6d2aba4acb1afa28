package dev.floe.catalog.testing;

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
import org.apache.iceberg.types.Types;

/**
 * Seeded random rows of any schema, rich in the cases writers get wrong: nulls at every level, NaN,
 * -0.0, infinities and the extremes of every number type, empty and long unicode strings (with
 * characters outside the BMP, a NUL, and strings of the highest code point, whose upper bound
 * cannot be truncated), empty lists and maps, decimals at the edge of their precision, timestamps
 * far from 1970 and around it. The same rows for the same seed; column {@code id} counts from 0.
 *
 * <p>No timestamp falls in the last second before 1970, which ORC files cannot hold (ORC-763).
 */
public final class RandomRows {
  private static final String[] WORDS = {
    "",
    "a",
    "zürich",
    "ça va très bien, merci beaucoup!",
    "日本語のテキストです、とても長い",
    "emoji 😀😃😄😁 and more text here",
    "\u0000x",
    "\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF"
        + "\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF\uDBFF\uDFFF!",
    "a string that is a good deal longer than sixteen characters"
  };
  private static final float[] FLOATS = {
    Float.NaN,
    -0.0f,
    0.0f,
    Float.MAX_VALUE,
    -Float.MAX_VALUE,
    Float.MIN_VALUE,
    1.5f,
    -2.25f,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY
  };
  private static final double[] DOUBLES = {
    Double.NaN,
    -0.0,
    0.0,
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    Double.MIN_VALUE,
    3.5,
    -1e300,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY
  };
  private static final int[] INTS = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1};
  private static final long[] LONGS = {Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L};

  private final Random random;

  private RandomRows(long seed) {
    this.random = new Random(seed);
  }

  /** Every type Floe's Arrow layout has, nested every way, with required fields at each level. */
  public static Schema everyType() {
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

  /** {@code count} rows of {@code schema}, whose column {@code id} (a long) gets 0..count-1. */
  public static List<Record> of(Schema schema, int count, long seed) {
    return rows(schema, count, new RandomRows(seed));
  }

  private static List<Record> rows(Schema schema, int count, RandomRows rows) {
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
      case INTEGER ->
          random.nextInt(5) == 0 ? INTS[random.nextInt(INTS.length)] : random.nextInt(1000) - 500;
      case LONG -> random.nextInt(5) == 0 ? LONGS[random.nextInt(LONGS.length)] : random.nextLong();
      case FLOAT ->
          random.nextInt(3) == 0
              ? FLOATS[random.nextInt(FLOATS.length)]
              : random.nextFloat() - 0.5f;
      case DOUBLE ->
          random.nextInt(3) == 0
              ? DOUBLES[random.nextInt(DOUBLES.length)]
              : random.nextGaussian() * 1e6;
      case DECIMAL -> decimal((Types.DecimalType) type);
      case DATE -> LocalDate.ofEpochDay(random.nextInt(200_000) - 100_000);
      case TIME -> LocalTime.ofNanoOfDay(Math.floorMod(random.nextLong(), 86_400_000_000L) * 1000);
      case TIMESTAMP -> timestamp(((Types.TimestampType) type).shouldAdjustToUTC(), 1000);
      case TIMESTAMP_NANO -> timestamp(((Types.TimestampNanoType) type).shouldAdjustToUTC(), 1);
      case STRING ->
          random.nextBoolean()
              ? WORDS[random.nextInt(WORDS.length)]
              : WORDS[random.nextInt(WORDS.length)] + random.nextInt(1000);
      case UUID -> new UUID(random.nextLong(), random.nextLong());
      case FIXED -> bytes(((Types.FixedType) type).length());
      case BINARY -> ByteBuffer.wrap(bytes(random.nextInt(40)));
      case STRUCT -> struct(type.asStructType());
      case LIST -> {
        List<Object> list = new ArrayList<>();
        int size = random.nextInt(4) == 0 ? 0 : random.nextInt(12);
        Types.NestedField element = type.asListType().fields().get(0);
        for (int k = 0; k < size; k++) {
          list.add(field(element));
        }
        yield list;
      }
      case MAP -> {
        Map<Object, Object> map = new LinkedHashMap<>();
        int size = random.nextInt(4) == 0 ? 0 : random.nextInt(6);
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
        switch (random.nextInt(6)) {
          case 0 -> limit.subtract(BigInteger.ONE);
          case 1 -> limit.subtract(BigInteger.ONE).negate();
          case 2 -> BigInteger.ZERO;
          default ->
              new BigInteger(limit.bitLength() + 8, random).mod(limit.shiftLeft(1)).subtract(limit);
        };
    return new BigDecimal(unscaled, type.scale());
  }

  // Whole units of nanosPerUnit, far from 1970 (about 400 to 3500; nanoseconds reach 1678 to 2262
  // only) or within seconds of it, where flooring negatives matters; never in the last second
  // before 1970.
  private Object timestamp(boolean withZone, long nanosPerUnit) {
    long perSecond = 1_000_000_000L / nanosPerUnit;
    long units =
        random.nextBoolean()
            ? random.nextLong() % (nanosPerUnit == 1 ? Long.MAX_VALUE : 50_000_000_000_000_000L)
            : (random.nextInt(3_000_000) - 1_000_000L) * (perSecond / 1_000_000);
    if (units < 0 && units > -perSecond) {
      units -= perSecond;
    }
    LocalDateTime utc =
        LocalDateTime.ofEpochSecond(
            Math.floorDiv(units, perSecond),
            (int) (Math.floorMod(units, perSecond) * nanosPerUnit),
            ZoneOffset.UTC);
    return withZone ? OffsetDateTime.of(utc, ZoneOffset.UTC) : utc;
  }

  private byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
