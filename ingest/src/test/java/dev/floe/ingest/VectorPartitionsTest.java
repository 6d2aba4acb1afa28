package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.RowAppender;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VectorPartitionsTest {
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
              Types.StructType.of(Types.NestedField.optional(12, "x", Types.IntegerType.get()))),
          Types.NestedField.optional(13, "flag", Types.BooleanType.get()),
          Types.NestedField.optional(14, "f", Types.FloatType.get()),
          Types.NestedField.optional(15, "d", Types.DoubleType.get()),
          Types.NestedField.optional(16, "fix", Types.FixedType.ofLength(4)));

  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close(); // fails the test on a leak
  }

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
    assertSame(PartitionSpec.builderFor(SCHEMA).day("ts").month("local_ts").year("day").build());
  }

  @Test
  void identityOfEverySourceTypeMatchesIceberg() {
    PartitionSpec.Builder spec = PartitionSpec.builderFor(SCHEMA);
    for (Types.NestedField column : SCHEMA.columns()) {
      if (column.type().isPrimitiveType()) {
        spec.identity(column.name());
      }
    }
    assertSame(spec.build());
  }

  @Test
  void bucketOfEverySourceTypeMatchesIcebergsMurmur3() {
    assertSame(
        PartitionSpec.builderFor(SCHEMA)
            .bucket("name", 16)
            .bucket("n", 5)
            .bucket("id", 7)
            .bucket("uuid", 5)
            .bucket("price", 3)
            .bucket("blob", 4)
            .bucket("fix", 6)
            .bucket("ts", 9)
            .bucket("local_ts", 11)
            .bucket("day", 13)
            .bucket("at", 2)
            .build());
  }

  @Test
  void truncateAndVoidMatchIceberg() {
    assertSame(
        PartitionSpec.builderFor(SCHEMA)
            .truncate("name", 3)
            .truncate("n", 10)
            .truncate("id", 100)
            .truncate("price", 50)
            .truncate("blob", 2)
            .alwaysNull("d")
            .build());
  }

  @Test
  void nestedSourceColumnsMatchIcebergIncludingNullParents() {
    assertSame(PartitionSpec.builderFor(SCHEMA).identity("nested.x").build());
    assertSame(PartitionSpec.builderFor(SCHEMA).bucket("nested.x", 3).build());
  }

  @Test
  void unpartitionedIsOneGroupOfEveryRowInOrder() {
    List<Record> rows = rows(50, new Random(3));
    try (VectorSchemaRoot root = root(rows)) {
      List<VectorPartitions.Group> groups =
          new VectorPartitions(SCHEMA, PartitionSpec.unpartitioned()).group(root);
      assertThat(groups).hasSize(1);
      assertThat(groups.get(0).key()).isNull();
      assertThat(groups.get(0).rows()).hasSize(50).isSorted();
    }
  }

  // Every row lands in exactly one group, whose key is Iceberg's, in batch order.
  private void assertSame(PartitionSpec spec) {
    List<Record> rows = rows(5_000, new Random(42));
    PartitionKey iceberg = new PartitionKey(spec, SCHEMA);
    InternalRecordWrapper wrapper = new InternalRecordWrapper(SCHEMA.asStruct());
    try (VectorSchemaRoot root = root(rows)) {
      List<VectorPartitions.Group> groups = new VectorPartitions(SCHEMA, spec).group(root);
      int seen = 0;
      for (VectorPartitions.Group group : groups) {
        assertThat(group.rows()).isSorted();
        for (int row : group.rows()) {
          iceberg.partition(wrapper.wrap(rows.get(row)));
          for (int f = 0; f < spec.fields().size(); f++) {
            assertThat(normal(group.key().get(f, Object.class)))
                .as("%s of row %s: %s", spec.fields().get(f), row, rows.get(row))
                .isEqualTo(normal(iceberg.get(f, Object.class)));
          }
          seen++;
        }
      }
      assertThat(seen).isEqualTo(rows.size());
      assertThat(groups.size()).isLessThanOrEqualTo(rows.size());
    }
  }

  private static Object normal(Object value) {
    return value instanceof CharSequence text ? text.toString() : value;
  }

  private VectorSchemaRoot root(List<Record> rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(SCHEMA), allocator);
    try {
      RowAppender appender = RowAppender.into(root, SCHEMA);
      rows.forEach(appender::append);
      return appender.finish();
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  private static List<Record> rows(int count, Random random) {
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(row(random));
    }
    return rows;
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
    String name = Long.toString(random.nextLong(), 36) + (random.nextInt(5) == 0 ? "ü€😀" : "");
    row.setField("name", nullOr(random, name));
    row.setField("n", nullOr(random, random.nextInt(40) - 20));
    row.setField("id", nullOr(random, random.nextLong()));
    row.setField("price", nullOr(random, BigDecimal.valueOf(random.nextInt() % 1_000_000_000, 2)));
    row.setField("uuid", nullOr(random, new UUID(random.nextLong(), random.nextLong())));
    row.setField(
        "at", nullOr(random, LocalTime.ofNanoOfDay(random.nextInt(86_400) * 1_000_000_000L)));
    row.setField("blob", nullOr(random, ByteBuffer.wrap(bytes(random, random.nextInt(8)))));
    Record nested = GenericRecord.create(SCHEMA.findType("nested").asStructType());
    nested.setField("x", nullOr(random, random.nextInt(100)));
    row.setField("nested", nullOr(random, nested));
    row.setField("flag", nullOr(random, random.nextBoolean()));
    row.setField("f", nullOr(random, (float) random.nextInt(10) / 4));
    row.setField("d", nullOr(random, random.nextGaussian()));
    row.setField("fix", nullOr(random, bytes(random, 4)));
    return row;
  }

  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static <T> T nullOr(Random random, T value) {
    return random.nextInt(20) == 0 ? null : value;
  }
}
