package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderComparators;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TableWriter.Builder#sortOrder}: every file the writer makes is sorted as Iceberg's {@link
 * SortOrderComparators} orders rows, for every sort transform, both directions and null orders, on
 * random rows with nulls, across the batches of a group commit, and declares the table's order id.
 */
class WriterSortTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "n", Types.IntegerType.get()),
          Types.NestedField.optional(3, "v", Types.LongType.get()),
          Types.NestedField.optional(4, "s", Types.StringType.get()),
          Types.NestedField.optional(5, "d", Types.DateType.get()),
          Types.NestedField.optional(6, "ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(7, "dec", Types.DecimalType.of(9, 2)),
          Types.NestedField.optional(8, "x", Types.DoubleType.get()),
          Types.NestedField.optional(9, "flag", Types.BooleanType.get()),
          Types.NestedField.optional(10, "bin", Types.BinaryType.get()));
  private static final OffsetDateTime START =
      OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  private static final int BATCHES = 4;
  private static final int ROWS = 150;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;

  @BeforeEach
  void open() {
    floe = temp.floe();
  }

  static Stream<Arguments> orders() {
    Map<String, Function<SortOrder.Builder, SortOrder.Builder>> orders =
        Map.ofEntries(
            Map.entry("identity int", b -> b.asc("n", NullOrder.NULLS_FIRST)),
            Map.entry("identity string desc", b -> b.desc("s", NullOrder.NULLS_LAST)),
            Map.entry(
                "identity date, double",
                b -> b.asc("d", NullOrder.NULLS_LAST).desc("x", NullOrder.NULLS_FIRST)),
            Map.entry(
                "identity boolean, binary",
                b -> b.desc("flag", NullOrder.NULLS_FIRST).asc("bin", NullOrder.NULLS_LAST)),
            Map.entry("identity decimal desc", b -> b.desc("dec", NullOrder.NULLS_FIRST)),
            Map.entry(
                "bucket, then ts",
                b ->
                    b.asc(Expressions.bucket("v", 8), NullOrder.NULLS_FIRST)
                        .desc("ts", NullOrder.NULLS_FIRST)),
            Map.entry(
                "truncate string desc, then int",
                b ->
                    b.desc(Expressions.truncate("s", 1), NullOrder.NULLS_FIRST)
                        .asc("n", NullOrder.NULLS_LAST)),
            Map.entry("truncate long", b -> b.asc(Expressions.truncate("v", 100))),
            Map.entry(
                "truncate decimal desc",
                b -> b.desc(Expressions.truncate("dec", 500), NullOrder.NULLS_LAST)),
            Map.entry(
                "day desc, then id",
                b -> b.desc(Expressions.day("ts"), NullOrder.NULLS_LAST).asc("id")),
            Map.entry("hour", b -> b.asc(Expressions.hour("ts"), NullOrder.NULLS_LAST)),
            Map.entry("month of date", b -> b.asc(Expressions.month("d"), NullOrder.NULLS_FIRST)),
            Map.entry(
                "year, then bucket of string",
                b ->
                    b.desc(Expressions.year("ts"), NullOrder.NULLS_FIRST)
                        .asc(Expressions.bucket("s", 3))));
    return orders.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .flatMap(
            e ->
                Stream.of(FileFormat.PARQUET, FileFormat.ORC)
                    .map(f -> Arguments.of(e.getKey(), e.getValue(), f)));
  }

  @ParameterizedTest(name = "{0} in {2}")
  @MethodSource("orders")
  void sortsEveryFileAcrossTheBatchesOfAGroupAsIcebergOrdersRows(
      String name, Function<SortOrder.Builder, SortOrder.Builder> sortBy, FileFormat format) {
    SortOrder wanted = sortBy.apply(SortOrder.builderFor(SCHEMA)).build();
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).bucket("id", 2).build();
    String table =
        "ml.t_" + name.replaceAll("[^a-z]+", "_") + format.name().toLowerCase(Locale.ROOT);
    Table t = floe.tables().create(table, SCHEMA, spec, wanted, Map.of());

    List<CompletableFuture<AppendResult>> results = new ArrayList<>();
    try (TableWriter writer =
        TableWriter.forTable(t)
            .producerId("p")
            .format(format)
            .groupCommit(java.time.Duration.ofMinutes(10), 64L << 20)
            .fillGroups()
            .build()) {
      for (int seq = 0; seq < BATCHES; seq++) {
        results.add(writer.appendAsync(Batch.of(seq, SCHEMA, rows(seq))));
      }
    }
    results.forEach(CompletableFuture::join);
    t.refresh();

    assertThat(t.snapshots()).hasSize(1); // one group: each file holds rows of every batch
    List<DataFile> files = files(t);
    assertThat(files).hasSize(2);
    Comparator<StructLike> iceberg = SortOrderComparators.forSchema(SCHEMA, t.sortOrder());
    long total = 0;
    for (DataFile file : files) {
      assertThat(file.sortOrderId()).isEqualTo(t.sortOrder().orderId()).isNotZero();
      List<Record> rows = read(t, file);
      assertThat(rows.stream().map(r -> (Long) r.getField("id") / ROWS).distinct())
          .hasSize(BATCHES);
      InternalRecordWrapper left = new InternalRecordWrapper(SCHEMA.asStruct());
      InternalRecordWrapper right = new InternalRecordWrapper(SCHEMA.asStruct());
      for (int i = 1; i < rows.size(); i++) {
        int at = i;
        assertThat(iceberg.compare(left.wrap(rows.get(i - 1)), right.wrap(rows.get(i))))
            .as(() -> "row %s then %s".formatted(rows.get(at - 1), rows.get(at)))
            .isLessThanOrEqualTo(0);
      }
      total += rows.size();
    }
    assertThat(total).isEqualTo((long) BATCHES * ROWS);
  }

  @Test
  void anOrderTheTableLacksSortsButDeclaresNoOrderAndUnsortedKeepsBatchOrder() {
    Table t = floe.tables().createIfAbsent("ml.plain", SCHEMA, PartitionSpec.unpartitioned());
    SortOrder byN = SortOrder.builderFor(SCHEMA).desc("n", NullOrder.NULLS_LAST).build();
    try (TableWriter writer = TableWriter.forTable(t).producerId("p").sortOrder(byN).build()) {
      writer.append(Batch.of(0, SCHEMA, rows(0)));
    }
    try (TableWriter writer = TableWriter.forTable(t).producerId("q").build()) {
      writer.append(Batch.of(0, SCHEMA, rows(1)));
    }
    t.refresh();

    Comparator<StructLike> iceberg = SortOrderComparators.forSchema(SCHEMA, byN);
    for (DataFile file : files(t)) {
      List<Record> rows = read(t, file);
      List<Long> ids = rows.stream().map(r -> (Long) r.getField("id")).toList();
      assertThat(file.sortOrderId()).isZero();
      if (ids.get(0) < ROWS) {
        InternalRecordWrapper left = new InternalRecordWrapper(SCHEMA.asStruct());
        InternalRecordWrapper right = new InternalRecordWrapper(SCHEMA.asStruct());
        for (int i = 1; i < rows.size(); i++) {
          assertThat(iceberg.compare(left.wrap(rows.get(i - 1)), right.wrap(rows.get(i))))
              .isLessThanOrEqualTo(0);
        }
        assertThat(ids).isNotEqualTo(ids.stream().sorted().toList());
      } else {
        assertThat(ids).isSorted(); // the table is unsorted: batch order, as written
      }
    }
  }

  @Test
  void refusesAnOrderOnAColumnTheTableLacks() {
    Table t = floe.tables().createIfAbsent("ml.other", SCHEMA, PartitionSpec.unpartitioned());
    Schema wider =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(42, "extra", Types.StringType.get()));
    SortOrder byExtra = SortOrder.builderFor(wider).asc("extra").build();

    assertThatThrownBy(() -> TableWriter.forTable(t).producerId("p").sortOrder(byExtra))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("42");
  }

  /** Random rows with about one null in five per column and few distinct values (ties). */
  private static List<Record> rows(int seq) {
    Random random = new Random(seq * 31L + 7);
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      GenericRecord row = GenericRecord.create(SCHEMA);
      row.setField("id", (long) seq * ROWS + i);
      row.setField("n", maybe(random, random.nextInt(40) - 20));
      row.setField("v", maybe(random, random.nextLong() % 1000));
      row.setField("s", maybe(random, "" + (char) ('a' + random.nextInt(5)) + random.nextInt(9)));
      row.setField("d", maybe(random, LocalDate.of(2023, 11, 1).plusDays(random.nextInt(120))));
      row.setField("ts", maybe(random, START.plusMinutes(random.nextInt(60 * 24 * 400) - 20_000)));
      row.setField("dec", maybe(random, BigDecimal.valueOf(random.nextInt(20_000) - 10_000, 2)));
      row.setField("x", maybe(random, random.nextInt(50) / 4.0 - 5));
      row.setField("flag", maybe(random, random.nextBoolean()));
      row.setField("bin", maybe(random, ByteBuffer.wrap(new byte[] {(byte) random.nextInt(256)})));
      rows.add(row);
    }
    return rows;
  }

  private static Object maybe(Random random, Object value) {
    return random.nextInt(5) == 0 ? null : value;
  }

  private static List<DataFile> files(Table table) {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> files.add(task.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** A file's rows in file order. */
  private static List<Record> read(Table table, DataFile file) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> read =
        FormatModelRegistry.<Record, Object>readBuilder(
                file.format(), Record.class, table.io().newInputFile(file))
            .project(table.schema())
            .build()) {
      read.forEach(r -> rows.add(r.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
