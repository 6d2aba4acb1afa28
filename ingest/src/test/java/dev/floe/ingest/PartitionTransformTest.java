package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.transforms.Transforms;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every partition transform, in Parquet and ORC, written through {@link TableWriter}: rows land in
 * one file per partition with the right partition value, and filtered scans prune to the one file
 * that can match, both through the partition and through the column bounds of the files.
 */
class PartitionTransformTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(3, "user_id", Types.LongType.get()),
          Types.NestedField.optional(4, "name", Types.StringType.get()),
          Types.NestedField.optional(5, "n", Types.IntegerType.get()),
          Types.NestedField.optional(6, "category", Types.StringType.get()));

  private static final int GROUPS = 4;
  private static final int ROWS_PER_GROUP = 3;
  private static final OffsetDateTime EPOCH =
      OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  private static final OffsetDateTime START =
      OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  /**
   * One transform: the column it reads, the value of row {@code i} of partition group {@code k},
   * and the partition value each group must get.
   */
  record Case(
      String name,
      String column,
      Function<PartitionSpec.Builder, PartitionSpec.Builder> spec,
      BiFunction<Integer, Integer, Object> value,
      IntFunction<Object> partition) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    List<Case> cases =
        List.of(
            new Case(
                "identity",
                "category",
                b -> b.identity("category"),
                (k, i) -> "c" + k,
                k -> "c" + k),
            new Case(
                "year",
                "ts",
                b -> b.year("ts"),
                (k, i) -> START.plusYears(k).plusDays(40 * i),
                k -> 2024 + k - 1970),
            new Case(
                "month",
                "ts",
                b -> b.month("ts"),
                (k, i) -> START.plusMonths(k).plusDays(9 * i),
                k -> (int) ChronoUnit.MONTHS.between(EPOCH, START.plusMonths(k))),
            new Case(
                "day",
                "ts",
                b -> b.day("ts"),
                (k, i) -> START.plusDays(k).plusHours(7 * i),
                k -> (int) LocalDate.of(2024, 1, 1).plusDays(k).toEpochDay()),
            new Case(
                "hour",
                "ts",
                b -> b.hour("ts"),
                (k, i) -> START.plusHours(k).plusMinutes(20 * i),
                k -> (int) ChronoUnit.HOURS.between(EPOCH, START.plusHours(k))),
            new Case(
                "bucket",
                "user_id",
                b -> b.bucket("user_id", GROUPS),
                PartitionTransformTest::userInBucket,
                k -> k),
            new Case(
                "truncate string",
                "name",
                b -> b.truncate("name", 2),
                (k, i) -> (char) ('a' + k) + "" + (char) ('a' + k) + "-" + i,
                k -> (char) ('a' + k) + "" + (char) ('a' + k)),
            new Case(
                "truncate int", "n", b -> b.truncate("n", 10), (k, i) -> 10 * k + i, k -> 10 * k));
    return cases.stream()
        .flatMap(
            c -> Stream.of(Arguments.of(c, FileFormat.PARQUET), Arguments.of(c, FileFormat.ORC)));
  }

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;

  @BeforeEach
  void open() {
    floe = temp.floe();
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("cases")
  void writesOneFilePerPartitionAndScansPrune(Case c, FileFormat format) {
    PartitionSpec spec = c.spec().apply(PartitionSpec.builderFor(SCHEMA)).build();
    String name =
        "ml.t_" + c.name().replace(' ', '_') + "_" + format.name().toLowerCase(Locale.ROOT);
    Table table = floe.tables().createIfAbsent(name, SCHEMA, spec);
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").format(format).build()) {
      writer.append(Batch.of(0, SCHEMA, rows(c)));
    }
    table.refresh();

    List<FileScanTask> all = plan(table, Expressions.alwaysTrue());
    assertThat(all).hasSize(GROUPS);
    for (FileScanTask task : all) {
      assertThat(task.file().format()).isEqualTo(format);
      assertThat(task.file().recordCount()).isEqualTo(ROWS_PER_GROUP);
    }
    List<Object> partitions = new ArrayList<>();
    all.forEach(task -> partitions.add(task.file().partition().get(0, Object.class)));
    List<Object> expected = new ArrayList<>();
    for (int k = 0; k < GROUPS; k++) {
      expected.add(c.partition().apply(k));
    }
    assertThat(partitions).containsExactlyInAnyOrderElementsOf(expected);

    // Through the partition: a value of group 2 can only be in group 2's file.
    Expression byPartition = Expressions.equal(c.column(), literal(c.value().apply(2, 1)));
    assertThat(plan(table, byPartition))
        .singleElement()
        .satisfies(task -> assertThat(partitionOf(task)).isEqualTo(c.partition().apply(2)));

    // Through the column bounds of the files: ids of group 2 are 20..22.
    Expression byMetrics =
        Expressions.and(Expressions.greaterThanOrEqual("id", 20L), Expressions.lessThan("id", 23L));
    assertThat(plan(table, byMetrics))
        .singleElement()
        .satisfies(task -> assertThat(partitionOf(task)).isEqualTo(c.partition().apply(2)));
    assertThat(plan(table, Expressions.greaterThan("id", 1000L))).isEmpty();
  }

  private static List<Record> rows(Case c) {
    List<Record> rows = new ArrayList<>();
    for (int k = 0; k < GROUPS; k++) {
      for (int i = 0; i < ROWS_PER_GROUP; i++) {
        GenericRecord row = GenericRecord.create(SCHEMA);
        row.setField("id", 10L * k + i);
        row.setField("ts", START);
        row.setField("user_id", 1L);
        row.setField("name", "zz");
        row.setField("n", 0);
        row.setField("category", "c");
        row.setField(c.column(), c.value().apply(k, i));
        rows.add(row);
      }
    }
    return rows;
  }

  /** The {@code i}th user id, counting from 0, whose bucket of {@link #GROUPS} is {@code k}. */
  private static Object userInBucket(int k, int i) {
    var bucket = Transforms.bucket(GROUPS).bind(Types.LongType.get());
    int found = -1;
    for (long user = 0; ; user++) {
      if ((Integer) bucket.apply(user) == k && ++found == i) {
        return user;
      }
    }
  }

  /** Expressions take timestamps as microseconds from the epoch, the rest as they are. */
  private static Object literal(Object value) {
    return value instanceof OffsetDateTime ts ? ChronoUnit.MICROS.between(EPOCH, ts) : value;
  }

  private static Object partitionOf(FileScanTask task) {
    return task.file().partition().get(0, Object.class);
  }

  private static List<FileScanTask> plan(Table table, Expression filter) {
    try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(filter).planFiles()) {
      List<FileScanTask> list = new ArrayList<>();
      tasks.forEach(list::add);
      return list;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
