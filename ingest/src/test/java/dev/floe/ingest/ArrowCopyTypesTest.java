package dev.floe.ingest;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.RowAppender;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every type the Arrow fast path copies lands as the values sent, nulls included. */
class ArrowCopyTypesTest {
  private static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "ok", Types.BooleanType.get()),
          optional(3, "n", Types.IntegerType.get()),
          optional(4, "f", Types.FloatType.get()),
          optional(5, "d", Types.DoubleType.get()),
          optional(6, "day", Types.DateType.get()),
          optional(7, "at", Types.TimestampType.withZone()),
          optional(8, "local", Types.TimestampType.withoutZone()),
          optional(9, "word", Types.StringType.get()),
          optional(10, "bin", Types.BinaryType.get()),
          optional(11, "emb", Types.ListType.ofOptional(12, Types.FloatType.get())),
          optional(13, "tags", Types.ListType.ofRequired(14, Types.StringType.get())));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);

  @Test
  void everyCopiedTypeRoundTripsThroughAPartitionedTable() {
    BufferAllocator allocator = temp.resource(BufferAllocator.class);
    Table table =
        temp.floe()
            .tables()
            .createIfAbsent(
                "ml.copied",
                SCHEMA,
                PartitionSpec.builderFor(SCHEMA).bucket("word", 4).bucket("id", 2).build());
    List<Record> rows = rows(400, new Random(5));
    try (VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(SCHEMA), allocator);
        TableWriter writer =
            TableWriter.forTable(table).producerId("p").allocator(allocator).build()) {
      RowAppender appender = RowAppender.into(root, SCHEMA);
      rows.forEach(appender::append);
      appender.finish();
      assertThat(
              ArrowColumns.fits(
                  SCHEMA,
                  ArrowRows.view(root),
                  List.of(),
                  new ListDimensions(java.util.Map.of()),
                  Timestamps.EpochUnit.of(java.util.Map.of(), "ml.copied"),
                  "batch 0 of producer p"))
          .isTrue();
      assertThat(writer.append(Batch.ofArrow(0, root)).rows()).isEqualTo(400);
    }
    assertThat(normal(Events.read(table))).isEqualTo(normal(rows));
  }

  private static List<String> normal(List<Record> records) {
    return records.stream()
        .sorted(Comparator.comparing(r -> (Long) r.getField("id")))
        .map(
            r -> {
              List<Object> values = new ArrayList<>();
              for (int i = 0; i < r.size(); i++) {
                Object value = r.get(i);
                values.add(
                    value instanceof ByteBuffer b ? List.of(b.remaining(), b.hashCode()) : value);
              }
              return values.toString();
            })
        .toList();
  }

  private static List<Record> rows(int count, Random random) {
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < count; id++) {
      GenericRecord row = GenericRecord.create(SCHEMA);
      long micros = (random.nextLong() % 2_000_000_000_000_000L);
      Instant at = Instant.EPOCH.plusNanos(micros * 1000);
      row.set(0, id);
      row.set(1, nullOr(random, random.nextBoolean()));
      row.set(2, nullOr(random, random.nextInt()));
      row.set(3, nullOr(random, random.nextFloat() - 0.5f));
      row.set(4, nullOr(random, random.nextGaussian()));
      row.set(5, nullOr(random, LocalDate.ofEpochDay(random.nextInt(200_000) - 100_000)));
      row.set(6, nullOr(random, OffsetDateTime.ofInstant(at, ZoneOffset.UTC)));
      row.set(7, nullOr(random, LocalDateTime.ofInstant(at, ZoneOffset.UTC)));
      row.set(8, nullOr(random, "w" + random.nextInt(30) + (random.nextInt(7) == 0 ? "é😀" : "")));
      byte[] bytes = new byte[random.nextInt(6)];
      random.nextBytes(bytes);
      row.set(9, nullOr(random, ByteBuffer.wrap(bytes)));
      List<Float> emb = new ArrayList<>();
      for (int k = 0; k < random.nextInt(4); k++) {
        emb.add(random.nextInt(5) == 0 ? null : random.nextFloat());
      }
      row.set(10, nullOr(random, emb));
      row.set(11, nullOr(random, List.of("a" + random.nextInt(3), "b")));
      rows.add(row);
    }
    return rows;
  }

  private static <T> T nullOr(Random random, T value) {
    return random.nextInt(6) == 0 ? null : value;
  }
}
