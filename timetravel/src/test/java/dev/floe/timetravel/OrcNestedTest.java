package dev.floe.timetravel;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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

/**
 * ORC lists, maps and structs, at any depth, through the vectorized ORC path: the row path's
 * values.
 */
class OrcNestedTest {
  private static final Types.StructType POINT =
      Types.StructType.of(
          required(11, "x", Types.LongType.get()),
          optional(12, "tag", Types.StringType.get()),
          optional(13, "at", Types.TimestampType.withZone()));
  private static final Types.StructType STEP =
      Types.StructType.of(
          required(15, "x", Types.LongType.get()),
          optional(16, "tag", Types.StringType.get()),
          optional(17, "at", Types.TimestampType.withZone()));
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "embedding", Types.ListType.ofOptional(3, Types.FloatType.get())),
          optional(4, "tokens", Types.ListType.ofRequired(5, Types.StringType.get())),
          optional(
              6,
              "weights",
              Types.MapType.ofOptional(7, 8, Types.StringType.get(), Types.DoubleType.get())),
          optional(9, "point", POINT),
          optional(10, "path", Types.ListType.ofOptional(14, STEP)));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private BufferAllocator allocator;
  private PageReads reads;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
    reads = new PageReads(allocator);
  }

  @Test
  void nestedOrcColumnsReadAsOnTheRowPath() {
    Table table =
        floe.tables().createIfAbsent("db.orc_nested", SCHEMA, PartitionSpec.unpartitioned());
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < 2500; id++) {
      rows.add(row(table.schema(), id));
    }
    TestEvents.append(table, FileFormat.ORC, rows.subList(0, 1200));
    TestEvents.append(table, FileFormat.ORC, rows.subList(1200, 2500));
    // A struct field added later: older files read it as null on both paths.
    table.updateSchema().addColumn("point", "weight", Types.DoubleType.get()).commit();

    List<List<Object>> expected = reads.rowPath(table);
    assertThat(expected).hasSize(2500);
    assertThat(fast(table)).isEqualTo(expected);
    assertThat(reads.vectorizedDigest(table, 300, 2)).isEqualTo(reads.rowPathDigest(table));
  }

  private List<List<Object>> fast(Table table) {
    List<List<Object>> rows = new ArrayList<>();
    try (ArrowBatches batches = TimeTravel.read(table).batchSize(300).arrow(allocator)) {
      batches.forEach(batch -> rows.addAll(PageReads.values(batch)));
      assertThat(batches.vectorizedFiles()).isEqualTo(2);
    }
    return rows;
  }

  private static Record row(Schema schema, long id) {
    Record row = GenericRecord.create(schema);
    row.setField("id", id);
    List<Float> embedding = new ArrayList<>();
    for (int d = 0; d < id % 5; d++) {
      embedding.add(d == 1 ? null : id * 0.5f + d);
    }
    row.setField("embedding", id % 7 == 3 ? null : embedding);
    row.setField("tokens", id % 4 == 0 ? null : List.of("t" + id, "", "u" + (id % 3)));
    Map<String, Double> weights = new LinkedHashMap<>();
    for (int w = 0; w < id % 3; w++) {
      weights.put("w" + w, w == 1 ? null : id / 2.0);
    }
    row.setField("weights", id % 9 == 2 ? null : weights);
    row.setField("point", id % 6 == 1 ? null : point(POINT, id));
    List<Record> path = new ArrayList<>();
    for (int p = 0; p < id % 4; p++) {
      path.add(p == 2 ? null : point(STEP, id * 10 + p));
    }
    row.setField("path", id % 11 == 0 ? null : path);
    return row;
  }

  private static Record point(Types.StructType type, long id) {
    Record point = GenericRecord.create(type);
    point.setField("x", id);
    point.setField("tag", id % 5 == 0 ? null : "p" + id);
    point.setField(
        "at",
        id % 8 == 0
            ? null
            : OffsetDateTime.of(1969, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC)
                .plusNanos(id * 1_001_000L));
    return point;
  }
}
