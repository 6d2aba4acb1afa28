package dev.floe.timetravel;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.util.Text;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ArrowTypesTest {
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "b", Types.BooleanType.get()),
          optional(3, "i", Types.IntegerType.get()),
          optional(4, "f", Types.FloatType.get()),
          optional(5, "day", Types.DateType.get()),
          optional(6, "time", Types.TimeType.get()),
          optional(7, "ts", Types.TimestampType.withoutZone()),
          optional(8, "uuid", Types.UUIDType.get()),
          optional(9, "fixed", Types.FixedType.ofLength(3)),
          optional(10, "bin", Types.BinaryType.get()),
          optional(11, "price", Types.DecimalType.of(9, 2)),
          optional(
              12,
              "point",
              Types.StructType.of(
                  optional(13, "x", Types.DoubleType.get()),
                  optional(14, "tags", Types.ListType.ofOptional(15, Types.StringType.get())))));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
  }

  @Test
  void readsEveryTypeIntoArrowVectors() {
    Table table = floe.tables().createIfAbsent("db.types", SCHEMA, PartitionSpec.unpartitioned());
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    Record full = GenericRecord.create(table.schema());
    full.setField("id", 1L);
    full.setField("b", true);
    full.setField("i", 7);
    full.setField("f", 2.5f);
    full.setField("day", LocalDate.of(2026, 11, 21));
    full.setField("time", LocalTime.of(10, 15, 30, 123_000));
    full.setField("ts", LocalDateTime.of(2026, 11, 21, 10, 15, 30, 5_000));
    full.setField("uuid", uuid);
    full.setField("fixed", new byte[] {1, 2, 3});
    full.setField("bin", ByteBuffer.wrap(new byte[] {9, 8}));
    full.setField("price", new BigDecimal("12.34"));
    Record point = GenericRecord.create(table.schema().findType("point").asStructType());
    point.setField("x", 0.5);
    point.setField("tags", List.of("a", "b"));
    full.setField("point", point);
    Record empty = GenericRecord.create(table.schema());
    empty.setField("id", 2L);
    TestEvents.append(table, FileFormat.PARQUET, List.of(full, empty));

    try (ArrowBatches batches = TimeTravel.read(table).arrow(allocator)) {
      Iterator<VectorSchemaRoot> iterator = batches.iterator();
      VectorSchemaRoot root = iterator.next();
      assertThat(iterator.hasNext()).isFalse();
      assertThat(root.getRowCount()).isEqualTo(2);
      assertThat(value(root, "b")).isEqualTo(true);
      assertThat(value(root, "i")).isEqualTo(7);
      assertThat(value(root, "f")).isEqualTo(2.5f);
      assertThat(value(root, "day")).isEqualTo((int) LocalDate.of(2026, 11, 21).toEpochDay());
      assertThat(value(root, "time"))
          .isEqualTo(LocalTime.of(10, 15, 30, 123_000).toNanoOfDay() / 1000);
      assertThat(value(root, "ts")).isEqualTo(LocalDateTime.of(2026, 11, 21, 10, 15, 30, 5_000));
      assertThat((byte[]) value(root, "uuid"))
          .isEqualTo(
              ByteBuffer.allocate(16)
                  .putLong(uuid.getMostSignificantBits())
                  .putLong(uuid.getLeastSignificantBits())
                  .array());
      assertThat((byte[]) value(root, "fixed")).containsExactly(1, 2, 3);
      assertThat((byte[]) value(root, "bin")).containsExactly(9, 8);
      assertThat(value(root, "price")).isEqualTo(new BigDecimal("12.34"));
      Map<?, ?> struct = (Map<?, ?>) value(root, "point");
      assertThat(struct.get("x")).isEqualTo(0.5);
      assertThat(struct.get("tags")).isEqualTo(List.of(new Text("a"), new Text("b")));
      for (FieldVector vector : root.getFieldVectors()) {
        if (!vector.getName().equals("id")) {
          assertThat(vector.isNull(1)).as(vector.getName()).isTrue();
        }
      }
    }
  }

  @Test
  void readsMapsIntoArrowMapVectors() {
    Schema schema =
        new Schema(
            required(1, "id", Types.LongType.get()),
            optional(
                2,
                "attrs",
                Types.MapType.ofOptional(3, 4, Types.StringType.get(), Types.LongType.get())));
    List<Record> rows = new java.util.ArrayList<>();
    for (long id = 0; id < 3; id++) {
      Record row = GenericRecord.create(schema);
      row.setField("id", id);
      java.util.Map<String, Long> attrs = new java.util.LinkedHashMap<>();
      for (long k = 0; k < id; k++) {
        attrs.put("k" + k, k * 10);
      }
      row.setField("attrs", id == 1 ? null : attrs);
      rows.add(row);
    }

    for (FileFormat format : List.of(FileFormat.PARQUET, FileFormat.ORC)) {
      Table copy =
          floe.tables().createIfAbsent("db.maps_" + format, schema, PartitionSpec.unpartitioned());
      TestEvents.append(copy, format, rows);
      try (ArrowBatches batches = TimeTravel.read(copy).arrow(allocator)) {
        VectorSchemaRoot root = batches.iterator().next();
        assertThat(root.getVector("attrs")).as(format.name()).isInstanceOf(MapVector.class);
        assertThat(root.getVector("attrs").getObject(0)).isEqualTo(List.of());
        assertThat(root.getVector("attrs").isNull(1)).isTrue();
        List<?> entries = (List<?>) root.getVector("attrs").getObject(2);
        assertThat(entries).hasSize(2);
        assertThat(((Map<?, ?>) entries.get(1)).get("key")).isEqualTo(new Text("k1"));
        assertThat(((Map<?, ?>) entries.get(1)).get("value")).isEqualTo(10L);
      }
    }
  }

  private static Object value(VectorSchemaRoot root, String column) {
    return root.getVector(column).getObject(0);
  }
}
