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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The vectorized Parquet path must give exactly what the row path gives: values, order, digest. */
class VectorizedReadTest {
  private static final Schema FLAT =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "b", Types.BooleanType.get()),
          optional(3, "i", Types.IntegerType.get()),
          optional(4, "f", Types.FloatType.get()),
          optional(5, "d", Types.DoubleType.get()),
          optional(6, "day", Types.DateType.get()),
          optional(7, "time", Types.TimeType.get()),
          optional(8, "ts", Types.TimestampType.withoutZone()),
          optional(9, "tstz", Types.TimestampType.withZone()),
          optional(10, "uuid", Types.UUIDType.get()),
          optional(11, "bin", Types.BinaryType.get()),
          optional(12, "price", Types.DecimalType.of(9, 2)),
          optional(13, "word", Types.StringType.get()),
          optional(14, "category", Types.StringType.get()));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
  }

  @Test
  void vectorizedPathMatchesRowPathForEveryFlatType() {
    Table table = floe.tables().createIfAbsent("db.flat", FLAT, PartitionSpec.unpartitioned());
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < 3000; id++) {
      rows.add(flatRow(table.schema(), id));
    }
    TestEvents.append(table, FileFormat.PARQUET, rows.subList(0, 1700));
    TestEvents.append(table, FileFormat.PARQUET, rows.subList(1700, 3000));

    Read fast = read(TimeTravel.read(table).batchSize(500));
    Read slow = read(TimeTravel.read(table).batchSize(500).vectorized(false));

    assertThat(fast.vectorizedFiles).isEqualTo(2);
    assertThat(slow.vectorizedFiles).isZero();
    assertThat(fast.rows).hasSize(3000).isEqualTo(slow.rows);
    assertThat(fast.digest).isEqualTo(slow.digest);
    // The single-stream digest of older locks too.
    assertThat(read(TimeTravel.read(table).batchSize(500).legacyDigest()).digest)
        .isEqualTo(read(TimeTravel.read(table).vectorized(false).legacyDigest()).digest)
        .isEqualTo(recordsDigest(table));
  }

  @Test
  void dictionaryEncodedNumbersWithNullsMatchTheRowPath() {
    Schema schema =
        new Schema(
            required(1, "id", Types.LongType.get()),
            optional(2, "bucket", Types.LongType.get()),
            optional(3, "score", Types.DoubleType.get()),
            optional(4, "at", Types.TimestampType.withZone()),
            optional(5, "n", Types.IntegerType.get()));
    Table table = floe.tables().createIfAbsent("db.dict", schema, PartitionSpec.unpartitioned());
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < 5000; id++) {
      Record row = GenericRecord.create(table.schema());
      row.setField("id", id);
      // Few distinct values each (Parquet dictionary-encodes them), some null, NaN and -0.0 too.
      row.setField("bucket", id % 7 == 3 ? null : id % 5 - 2);
      row.setField(
          "score", id % 11 == 0 ? null : new double[] {0.5, -0.0, Double.NaN, 3}[(int) (id % 4)]);
      row.setField(
          "at",
          id % 13 == 1
              ? null
              : OffsetDateTime.of(1969, 12, 31, 23, 0, 0, 0, ZoneOffset.UTC).plusHours(id % 3));
      row.setField("n", id % 17 == 2 ? null : (int) (id % 6));
      rows.add(row);
    }
    TestEvents.append(table, FileFormat.PARQUET, rows);

    Read fast = read(TimeTravel.read(table).batchSize(700));
    Read slow = read(TimeTravel.read(table).batchSize(700).vectorized(false));

    assertThat(fast.vectorizedFiles).isEqualTo(1);
    assertThat(fast.rows).hasSize(5000).isEqualTo(slow.rows);
    assertThat(fast.digest).isEqualTo(slow.digest);
    assertThat(read(TimeTravel.read(table).batchSize(700).legacyDigest()).digest)
        .isEqualTo(recordsDigest(table));
  }

  @Test
  void orcFilesTakeTheVectorizedOrcPathWithTheRowPathsValues() {
    Table table = floe.tables().createIfAbsent("db.orc", FLAT, PartitionSpec.unpartitioned());
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < 3000; id++) {
      rows.add(flatRow(table.schema(), id));
    }
    TestEvents.append(table, FileFormat.ORC, rows.subList(0, 1700));
    TestEvents.append(table, FileFormat.ORC, rows.subList(1700, 3000));
    List<String> noUuid =
        FLAT.columns().stream()
            .map(Types.NestedField::name)
            .filter(n -> !n.equals("uuid"))
            .toList();

    Read fast = read(TimeTravel.read(table).select(noUuid).batchSize(500));
    Read slow = read(TimeTravel.read(table).select(noUuid).batchSize(500).vectorized(false));

    assertThat(fast.vectorizedFiles).isEqualTo(2);
    assertThat(fast.rows).hasSize(3000).isEqualTo(slow.rows);
    assertThat(fast.digest).isEqualTo(slow.digest);
    // UUIDs are left to the row path.
    assertThat(read(TimeTravel.read(table)).vectorizedFiles).isZero();
  }

  @Test
  void mixedFormatsAndListColumnsChooseTheirPathPerFileInPathOrder() {
    Table table = TestEvents.create(floe);
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 40));
    TestEvents.append(table, FileFormat.ORC, TestEvents.rows(table, 40, 70));
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 70, 100));

    Read flat = read(TimeTravel.read(table).select("id", "event_ts", "label").batchSize(16));
    Read rows = read(TimeTravel.read(table).select("id", "event_ts", "label").vectorized(false));
    // Two partitions per append: four Parquet files, two ORC files, all vectorized.
    assertThat(flat.vectorizedFiles).isEqualTo(6);
    assertThat(flat.rows).isEqualTo(rows.rows);
    assertThat(flat.digest).isEqualTo(rows.digest);

    // With the embedding list: Floe's Parquet decoder and the ORC path read it too.
    Read lists = read(TimeTravel.read(table).batchSize(16));
    Read listRows = read(TimeTravel.read(table).vectorized(false));
    assertThat(lists.vectorizedFiles).isEqualTo(6);
    assertThat(lists.rows).isEqualTo(listRows.rows).hasSize(100);
    assertThat(lists.digest).isEqualTo(listRows.digest);
  }

  @Test
  void filesWrittenBeforeAColumnExistedTakeTheRowPath() {
    Table table = TestEvents.create(floe);
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 10));
    table.updateSchema().addColumn("score", Types.DoubleType.get()).commit();
    List<Record> later = TestEvents.rows(table, 10, 20);
    later.forEach(row -> row.setField("score", 0.25));
    TestEvents.append(table, FileFormat.PARQUET, later);

    Read fast = read(TimeTravel.read(table).select("id", "score"));
    Read slow = read(TimeTravel.read(table).select("id", "score").vectorized(false));

    assertThat(fast.vectorizedFiles).isEqualTo(2);
    assertThat(fast.rows).isEqualTo(slow.rows).hasSize(20);
    assertThat(fast.digest).isEqualTo(slow.digest);
  }

  @Test
  void promotedColumnsReadAsTheirNewTypeOnBothPaths() {
    Schema schema =
        new Schema(
            required(1, "id", Types.LongType.get()), optional(2, "n", Types.IntegerType.get()));
    Table table =
        floe.tables().createIfAbsent("db.promoted", schema, PartitionSpec.unpartitioned());
    List<Record> before = new ArrayList<>();
    for (long id = 0; id < 50; id++) {
      Record row = GenericRecord.create(table.schema());
      row.setField("id", id);
      row.setField("n", (int) (id % 4 == 0 ? id * 1000 : id % 3)); // plain and dictionary pages
      before.add(row);
    }
    TestEvents.append(table, FileFormat.PARQUET, before);
    table.updateSchema().updateColumn("n", Types.LongType.get()).commit();
    Record after = GenericRecord.create(table.schema());
    after.setField("id", 50L);
    after.setField("n", 5_000_000_000L);
    TestEvents.append(table, FileFormat.PARQUET, List.of(after));

    Read fast = read(TimeTravel.read(table));
    Read slow = read(TimeTravel.read(table).vectorized(false));

    assertThat(fast.rows).hasSize(51).isEqualTo(slow.rows);
    assertThat(fast.rows).allMatch(row -> row.get(1) instanceof Long);
    assertThat(fast.digest).isEqualTo(slow.digest);
  }

  @Test
  void aDecimalWrittenBeforeItsPrecisionWidenedReadsAsTheWiderTypeOnBothPaths() {
    Schema schema =
        new Schema(
            required(1, "id", Types.LongType.get()),
            optional(2, "price", Types.DecimalType.of(9, 2)));
    Table table = floe.tables().createIfAbsent("db.widened", schema, PartitionSpec.unpartitioned());
    List<Record> before = new ArrayList<>();
    for (long id = 0; id < 40; id++) {
      Record row = GenericRecord.create(table.schema());
      row.setField("id", id);
      row.setField("price", BigDecimal.valueOf(id % 2 == 0 ? id * 101 : -id * 9_999_999, 2));
      before.add(row);
    }
    TestEvents.append(table, FileFormat.PARQUET, before);
    table.updateSchema().updateColumn("price", Types.DecimalType.of(20, 2)).commit();
    Record after = GenericRecord.create(table.schema());
    after.setField("id", 40L);
    after.setField("price", new BigDecimal("-123456789012345678.90"));
    TestEvents.append(table, FileFormat.PARQUET, List.of(after));
    Read fast = read(TimeTravel.read(table));
    Read slow = read(TimeTravel.read(table).vectorized(false));
    assertThat(fast.rows).hasSize(41).isEqualTo(slow.rows);
    assertThat(fast.rows.get(40).get(1)).isEqualTo(new BigDecimal("-123456789012345678.90"));
    assertThat(fast.digest).isEqualTo(slow.digest);
  }

  private static Record flatRow(Schema schema, long id) {
    GenericRecord row = GenericRecord.create(schema);
    row.setField("id", id);
    if (id % 11 == 5) {
      return row; // every other column null
    }
    row.setField("b", id % 2 == 0);
    row.setField("i", (int) (id * 31 - 1000));
    row.setField("f", id * 0.25f);
    row.setField("d", -id / 3.0);
    row.setField("day", LocalDate.of(2026, 1, 1).plusDays(id - 1500));
    row.setField("time", LocalTime.ofNanoOfDay(id * 1_000_001_000L % 86_400_000_000_000L));
    row.setField("ts", LocalDateTime.of(1969, 12, 31, 23, 59, 59).plusNanos(id * 1_001_000L));
    row.setField(
        "tstz", OffsetDateTime.of(2026, 11, 21, 0, 0, 0, 0, ZoneOffset.UTC).plusSeconds(id * 7));
    row.setField("uuid", new UUID(id, -id));
    row.setField("bin", ByteBuffer.wrap(new byte[] {(byte) id, 0, (byte) (id >> 8)}));
    row.setField("price", BigDecimal.valueOf(id * 101 - 5000, 2));
    row.setField("word", "w" + id + "é");
    // Few distinct values: Parquet dictionary-encodes this column.
    row.setField("category", "cat-" + (id % 3));
    return row;
  }

  private record Read(List<List<Object>> rows, String digest, int vectorizedFiles) {}

  private Read read(Reader reader) {
    try (ArrowBatches batches = reader.arrow(allocator)) {
      List<List<Object>> rows = new ArrayList<>();
      for (VectorSchemaRoot batch : batches) {
        for (int i = 0; i < batch.getRowCount(); i++) {
          List<Object> row = new ArrayList<>();
          for (FieldVector vector : batch.getFieldVectors()) {
            Object value = vector.getObject(i);
            row.add(value instanceof byte[] bytes ? Arrays.toString(bytes) : value);
          }
          rows.add(row);
        }
      }
      return new Read(rows, batches.contentDigest(), batches.vectorizedFiles());
    }
  }

  private static String recordsDigest(Table table) {
    ContentDigest digest = new ContentDigest();
    try (CloseableIterable<Record> rows = TimeTravel.read(table).records()) {
      rows.forEach(digest::update);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return digest.hex();
  }
}
