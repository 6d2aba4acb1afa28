package dev.floe.columnar;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
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
import java.util.Random;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Seeded random generic rows of a schema, about one value in five null where optional. */
final class RandomRows {
  private RandomRows() {}

  static List<Record> of(Schema schema, int count, long seed) {
    Random random = new Random(seed);
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      GenericRecord row = GenericRecord.create(schema);
      for (int c = 0; c < schema.columns().size(); c++) {
        Types.NestedField field = schema.columns().get(c);
        boolean isNull = field.isOptional() && random.nextInt(5) == 0;
        row.set(c, isNull ? null : value(field.type(), random, i));
      }
      rows.add(row);
    }
    return rows;
  }

  private static Object value(Type type, Random random, int i) {
    long micros = (random.nextLong() % 4_000_000_000_000_000L);
    return switch (type.typeId()) {
      case LONG -> (long) i;
      case BOOLEAN -> random.nextBoolean();
      case INTEGER -> random.nextInt();
      case FLOAT -> random.nextFloat() * 1000 - 500;
      case DOUBLE -> random.nextGaussian();
      case DATE -> LocalDate.ofEpochDay(random.nextInt(100_000) - 50_000);
      case TIME -> LocalTime.ofNanoOfDay(Math.floorMod(micros, 86_400_000_000L) * 1000);
      case TIMESTAMP ->
          ((Types.TimestampType) type).shouldAdjustToUTC()
              ? OffsetDateTime.ofInstant(Instant.EPOCH.plusNanos(micros * 1000), ZoneOffset.UTC)
              : LocalDateTime.ofEpochSecond(
                  Math.floorDiv(micros, 1_000_000),
                  (int) Math.floorMod(micros, 1_000_000) * 1000,
                  ZoneOffset.UTC);
      case TIMESTAMP_NANO -> {
        long nanos = random.nextLong() % 4_000_000_000_000_000_000L;
        LocalDateTime local =
            LocalDateTime.ofEpochSecond(
                Math.floorDiv(nanos, 1_000_000_000L),
                (int) Math.floorMod(nanos, 1_000_000_000L),
                ZoneOffset.UTC);
        yield ((Types.TimestampNanoType) type).shouldAdjustToUTC()
            ? local.atOffset(ZoneOffset.UTC)
            : local;
      }
      case STRING -> "w" + random.nextInt(50) + (random.nextInt(9) == 0 ? "ünï" : "");
      case BINARY -> ByteBuffer.wrap(bytes(random, random.nextInt(8)));
      case FIXED -> bytes(random, ((Types.FixedType) type).length());
      case UUID -> new UUID(random.nextLong(), random.nextLong());
      case DECIMAL -> {
        Types.DecimalType decimal = (Types.DecimalType) type;
        long unscaled =
            decimal.precision() < 18 ? random.nextInt(1_000_000_000) : random.nextLong();
        yield BigDecimal.valueOf(unscaled, decimal.scale());
      }
      case LIST -> {
        List<Object> values = new ArrayList<>();
        Types.NestedField element = type.asListType().fields().get(0);
        int size = random.nextInt(4);
        for (int k = 0; k < size; k++) {
          values.add(
              element.isOptional() && random.nextInt(6) == 0
                  ? null
                  : value(element.type(), random, i));
        }
        yield values;
      }
      case MAP -> {
        Map<Object, Object> values = new LinkedHashMap<>();
        int size = random.nextInt(3);
        for (int k = 0; k < size; k++) {
          values.put("k" + k, random.nextInt(4) == 0 ? null : random.nextInt(100));
        }
        yield values;
      }
      case STRUCT -> {
        GenericRecord point = GenericRecord.create(type.asStructType());
        point.set(0, random.nextInt(100));
        point.set(1, random.nextBoolean() ? null : "p" + random.nextInt(10));
        yield point;
      }
      default -> throw new IllegalArgumentException("No values for " + type);
    };
  }

  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
