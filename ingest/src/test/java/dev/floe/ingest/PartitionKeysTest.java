package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.UUID;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class PartitionKeysTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.optional(1, "ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(2, "local_ts", Types.TimestampType.withoutZone()),
          Types.NestedField.optional(3, "day", Types.DateType.get()),
          Types.NestedField.optional(4, "name", Types.StringType.get()),
          Types.NestedField.optional(5, "n", Types.IntegerType.get()),
          Types.NestedField.optional(6, "id", Types.LongType.get()),
          Types.NestedField.optional(7, "price", Types.DecimalType.of(9, 2)),
          Types.NestedField.optional(8, "uuid", Types.UUIDType.get()),
          Types.NestedField.optional(9, "at", Types.TimeType.get()),
          Types.NestedField.optional(10, "blob", Types.BinaryType.get()),
          Types.NestedField.optional(
              11,
              "nested",
              Types.StructType.of(Types.NestedField.optional(12, "x", Types.IntegerType.get()))));

  @Test
  void timeTransformsMatchIcebergAcrossTheEpochAndCenturies() {
    for (String column : new String[] {"ts", "local_ts", "day"}) {
      assertSame(PartitionSpec.builderFor(SCHEMA).year(column).build());
      assertSame(PartitionSpec.builderFor(SCHEMA).month(column).build());
      assertSame(PartitionSpec.builderFor(SCHEMA).day(column).build());
      if (!column.equals("day")) {
        assertSame(PartitionSpec.builderFor(SCHEMA).hour(column).build());
      }
    }
    // Several time columns in one spec, as tables often have.
    assertSame(PartitionSpec.builderFor(SCHEMA).day("ts").month("local_ts").year("day").build());
  }

  @Test
  void identityBucketAndTruncateMatchIceberg() {
    assertSame(
        PartitionSpec.builderFor(SCHEMA)
            .identity("name")
            .identity("n")
            .identity("ts")
            .identity("day")
            .identity("at")
            .identity("price")
            .build());
    assertSame(
        PartitionSpec.builderFor(SCHEMA)
            .bucket("name", 16)
            .bucket("id", 7)
            .bucket("uuid", 5)
            .bucket("price", 3)
            .bucket("blob", 4)
            .bucket("ts", 9)
            .build());
    assertSame(
        PartitionSpec.builderFor(SCHEMA)
            .truncate("name", 3)
            .truncate("n", 10)
            .truncate("id", 100)
            .truncate("price", 50)
            .build());
    assertSame(PartitionSpec.builderFor(SCHEMA).alwaysNull("n").build());
  }

  @Test
  void nestedSourceColumnsFallBackToIcebergsKey() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).identity("nested.x").build();
    assertSame(spec);
    assertThat(new PartitionKeys(SCHEMA, spec).partition(row(new Random(1))))
        .isInstanceOf(PartitionKey.class);
  }

  @Test
  void copiesAreIndependentOfTheReusedKey() {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).day("ts").build();
    PartitionKeys keys = new PartitionKeys(SCHEMA, spec);
    Record first = row(new Random(2));
    assertThat(keys.partition(first)).isNotInstanceOf(PartitionKey.class); // the fast path
    StructLike copy = keys.copy(keys.partition(first));
    Object before = copy.get(0, Object.class);
    Record second = first.copy();
    second.setField("ts", ((OffsetDateTime) first.getField("ts")).plusDays(3));
    keys.partition(second);
    assertThat(copy.get(0, Object.class)).isEqualTo(before);
  }

  private static void assertSame(PartitionSpec spec) {
    PartitionKeys fast = new PartitionKeys(SCHEMA, spec);
    PartitionKey iceberg = new PartitionKey(spec, SCHEMA);
    InternalRecordWrapper wrapper = new InternalRecordWrapper(SCHEMA.asStruct());
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      Record row = row(random);
      StructLike actual = fast.partition(row);
      iceberg.partition(wrapper.wrap(row));
      for (int f = 0; f < spec.fields().size(); f++) {
        assertThat(actual.get(f, Object.class))
            .as("%s of row %s", spec.fields().get(f), row)
            .isEqualTo(iceberg.get(f, Object.class));
      }
    }
  }

  private static Record row(Random random) {
    Record row = GenericRecord.create(SCHEMA);
    // Within a few days of the epoch half the time (sign and boundary cases), else +-300 years.
    long span = random.nextBoolean() ? 4L * 86_400 : 300L * 365 * 86_400;
    long seconds = (long) ((random.nextDouble() * 2 - 1) * span);
    int nanos =
        random.nextInt(4) == 0 ? random.nextInt(1_000_000_000) : random.nextInt(1000) * 1000;
    if (random.nextInt(10) == 0) {
      nanos = 0; // exact unit boundaries
      seconds = seconds / 3600 * 3600;
    }
    Instant instant = Instant.ofEpochSecond(seconds, nanos);
    ZoneOffset offset = ZoneOffset.ofHours(random.nextInt(25) - 12);
    row.setField("ts", nullOr(random, instant.atOffset(offset)));
    row.setField("local_ts", nullOr(random, LocalDateTime.ofEpochSecond(seconds, nanos, offset)));
    row.setField("day", nullOr(random, LocalDate.ofEpochDay(seconds / 86_400)));
    row.setField("name", nullOr(random, Long.toString(random.nextLong(), 36)));
    row.setField("n", nullOr(random, random.nextInt()));
    row.setField("id", nullOr(random, random.nextLong()));
    row.setField("price", nullOr(random, BigDecimal.valueOf(random.nextInt(), 2)));
    row.setField("uuid", nullOr(random, new UUID(random.nextLong(), random.nextLong())));
    row.setField(
        "at", nullOr(random, LocalTime.ofNanoOfDay(random.nextInt(86_400) * 1_000_000_000L)));
    byte[] bytes = new byte[random.nextInt(8)];
    random.nextBytes(bytes);
    row.setField("blob", nullOr(random, ByteBuffer.wrap(bytes)));
    Record nested = GenericRecord.create(SCHEMA.findType("nested").asStructType());
    nested.setField("x", random.nextInt(100));
    row.setField("nested", nested);
    return row;
  }

  private static <T> T nullOr(Random random, T value) {
    return random.nextInt(20) == 0 ? null : value;
  }
}
