package dev.floe.columnar;

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
 * Seeded random rows of every type Floe's Arrow layout has, with nulls at every level, NaN, -0.0,
 * empty and long unicode strings, extreme values, empty lists and null elements.
 */
final class OrcRandomRows {
  static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "flag", Types.BooleanType.get()),
          optional(3, "i", Types.IntegerType.get()),
          optional(4, "l", Types.LongType.get()),
          optional(5, "f", Types.FloatType.get()),
          optional(6, "d", Types.DoubleType.get()),
          optional(7, "small", Types.DecimalType.of(9, 2)),
          optional(8, "large", Types.DecimalType.of(38, 10)),
          optional(9, "day", Types.DateType.get()),
          optional(10, "t", Types.TimeType.get()),
          optional(11, "ts", Types.TimestampType.withoutZone()),
          optional(12, "tstz", Types.TimestampType.withZone()),
          optional(13, "s", Types.StringType.get()),
          optional(14, "u", Types.UUIDType.get()),
          optional(15, "fx", Types.FixedType.ofLength(7)),
          optional(16, "b", Types.BinaryType.get()),
          optional(
              17,
              "point",
              Types.StructType.of(
                  required(30, "x", Types.DoubleType.get()),
                  optional(31, "y", Types.FloatType.get()),
                  optional(32, "label", Types.StringType.get()))),
          optional(18, "embedding", Types.ListType.ofOptional(33, Types.FloatType.get())),
          optional(19, "tags", Types.ListType.ofRequired(34, Types.StringType.get())),
          optional(
              20,
              "attrs",
              Types.MapType.ofOptional(35, 36, Types.StringType.get(), Types.DoubleType.get())),
          optional(
              21,
              "events",
              Types.ListType.ofOptional(
                  37,
                  Types.StructType.of(
                      required(38, "k", Types.IntegerType.get()),
                      optional(39, "vs", Types.ListType.ofOptional(40, Types.LongType.get()))))),
          optional(
              22,
              "lookup",
              Types.MapType.ofRequired(
                  41,
                  42,
                  Types.IntegerType.get(),
                  Types.StructType.of(
                      optional(43, "a", Types.StringType.get()),
                      optional(44, "m", Types.ListType.ofOptional(45, Types.DoubleType.get()))))),
          optional(23, "edge18", Types.DecimalType.of(18, 0)),
          optional(24, "edge19", Types.DecimalType.of(19, 4)));

  private static final String[] WORDS = {
    "",
    "a",
    "zebra",
    "日本語のテキストはとても長いです",
    "ça va très bien, merci beaucoup!",
    "\u0000x",
    "😀😀😀😀😀😀😀😀😀"
  };
  private static final float[] FLOATS = {
    Float.NaN, -0.0f, 0.0f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, 1.5f, -2.25f
  };
  private static final double[] DOUBLES = {
    Double.NaN, -0.0, 0.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 3.5, -1e300
  };

  private final Random random;

  private OrcRandomRows(long seed) {
    this.random = new Random(seed);
  }

  /** {@code count} rows of {@link #SCHEMA}, ids 0..count-1, the same for the same seed. */
  static List<Record> of(long seed, int count) {
    OrcRandomRows rows = new OrcRandomRows(seed);
    List<Record> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Record record = GenericRecord.create(SCHEMA);
      record.set(0, (long) i);
      for (int c = 1; c < SCHEMA.columns().size(); c++) {
        record.set(c, rows.value(SCHEMA.columns().get(c)));
      }
      records.add(record);
    }
    return records;
  }

  private Object value(Types.NestedField field) {
    if (field.isOptional() && random.nextInt(8) == 0) {
      return null;
    }
    return value(field.type());
  }

  private Object value(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN -> random.nextBoolean();
      case INTEGER -> pick(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, random.nextInt());
      case LONG -> pick(Long.MIN_VALUE, Long.MAX_VALUE, 0L, random.nextLong());
      case FLOAT ->
          random.nextBoolean() ? FLOATS[random.nextInt(FLOATS.length)] : random.nextFloat();
      case DOUBLE ->
          random.nextBoolean()
              ? DOUBLES[random.nextInt(DOUBLES.length)]
              : random.nextGaussian() * 1e6;
      case DECIMAL -> decimal((Types.DecimalType) type);
      case DATE -> LocalDate.ofEpochDay(random.nextInt(200_000) - 100_000);
      case TIME -> LocalTime.ofNanoOfDay(micros(86_400_000_000L) * 1_000);
      case TIMESTAMP -> timestamp(((Types.TimestampType) type).shouldAdjustToUTC());
      case STRING -> string();
      case UUID -> new UUID(random.nextLong(), random.nextLong());
      case FIXED -> bytes(((Types.FixedType) type).length());
      case BINARY -> ByteBuffer.wrap(bytes(random.nextInt(40)));
      case STRUCT -> struct(type.asStructType());
      case LIST -> list(type.asListType());
      case MAP -> map(type.asMapType());
      default -> throw new IllegalArgumentException("No random values of " + type);
    };
  }

  @SafeVarargs
  private <T> T pick(T... values) {
    return values[random.nextInt(values.length)];
  }

  private long micros(long bound) {
    return Math.floorMod(random.nextLong(), bound);
  }

  private BigDecimal decimal(Types.DecimalType type) {
    BigInteger limit = BigInteger.TEN.pow(type.precision());
    BigInteger unscaled =
        switch (random.nextInt(4)) {
          case 0 -> limit.subtract(BigInteger.ONE);
          case 1 -> limit.subtract(BigInteger.ONE).negate();
          case 2 -> BigInteger.ZERO;
          default ->
              new BigInteger(limit.bitLength() + 8, random).mod(limit.shiftLeft(1)).subtract(limit);
        };
    return new BigDecimal(unscaled, type.scale());
  }

  private Object timestamp(boolean withZone) {
    // From about 400 to 3500, and around the epoch, where flooring negatives matters.
    // The last second before 1970 is left out: ORC cannot hold it (OrcPartitionWriterTest).
    long micros =
        random.nextBoolean()
            ? random.nextLong() % 50_000_000_000_000_000L
            : random.nextInt(3_000_000) - 1_000_000L;
    if (micros < 0 && micros > -1_000_000L) {
      micros -= 1_000_000L;
    }
    LocalDateTime utc =
        LocalDateTime.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L),
            (int) Math.floorMod(micros, 1_000_000L) * 1_000,
            ZoneOffset.UTC);
    return withZone ? OffsetDateTime.of(utc, ZoneOffset.UTC) : utc;
  }

  private String string() {
    StringBuilder text = new StringBuilder(WORDS[random.nextInt(WORDS.length)]);
    if (random.nextBoolean()) {
      text.append(random.nextInt(1000));
    }
    return text.toString();
  }

  private byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private Record struct(Types.StructType struct) {
    Record record = GenericRecord.create(struct);
    for (int i = 0; i < struct.fields().size(); i++) {
      record.set(i, value(struct.fields().get(i)));
    }
    return record;
  }

  private List<Object> list(Types.ListType list) {
    int size = random.nextInt(4) == 0 ? 0 : random.nextInt(12);
    List<Object> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(value(list.fields().get(0)));
    }
    return values;
  }

  private Map<Object, Object> map(Types.MapType map) {
    int size = random.nextInt(4) == 0 ? 0 : random.nextInt(6);
    Map<Object, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      values.put(value(map.keyType()), value(map.fields().get(1)));
    }
    return values;
  }
}
