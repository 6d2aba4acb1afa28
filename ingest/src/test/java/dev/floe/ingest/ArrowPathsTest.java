package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.RowAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An Arrow batch goes into vectors column by column: copied where the column already has the
 * table's layout type, converted value by value where not (here user_id as Int(32) for a long
 * column). Today's path for the same root is its map rows ({@code Batch.ofRows} of the rows {@code
 * Batch.ofArrow} reads). Both give the same table, the same errors and the same dead letters.
 */
class ArrowPathsTest {
  // user_id as an int: its Arrow layout is Int(32), which the long column must convert.
  private static final Schema CONVERTED =
      Events.replace(
          Events.SCHEMA, Types.NestedField.optional(2, "user_id", Types.IntegerType.get()));

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
  }

  @Test
  void goodRowsLandTheSameThroughBothPaths() {
    List<Record> rows = rows(200, UnaryOperator.identity());
    for (Schema sent : List.of(Events.SCHEMA, CONVERTED)) {
      String name = sent == CONVERTED ? "converted" : "copied";
      Table columns = table(name + "_columns");
      Table mapRows = table(name + "_map_rows");
      try (VectorSchemaRoot root = root(sent, rows)) {
        assertThat(fits(columns, root, List.of())).isTrue();
        assertThat(append(columns, root, w -> w, true).rows()).isEqualTo(200);
        assertThat(append(mapRows, root, w -> w, false).rows()).isEqualTo(200);
      }
      assertThat(sorted(Events.read(columns))).isEqualTo(sorted(Events.read(mapRows)));
      assertThat(sorted(Events.read(columns))).isEqualTo(sorted(rows));
    }
  }

  @Test
  void aNullInARequiredColumnFailsTheSameWayThroughBothPaths() {
    List<Record> rows = rows(20, row -> row.getField("id").equals(7L) ? nulled(row, "id") : row);
    assertSameFailure(rows, List.of(), w -> w);
  }

  @Test
  void aListOfTheWrongDimensionFailsTheSameWayThroughBothPaths() {
    List<Record> rows =
        rows(20, row -> row.getField("id").equals(4L) ? with(row, "embedding", List.of(1f)) : row);
    assertSameFailure(rows, List.of(), w -> w);
  }

  @Test
  void aBrokenRuleFailsTheSameWayThroughBothPaths() {
    List<Record> rows =
        rows(20, row -> row.getField("id").equals(9L) ? with(row, "amount", 500.0) : row);
    assertSameFailure(rows, List.of(RowRule.range("amount", 0.0, 100.0)), w -> w);
  }

  @Test
  void badRowsBecomeTheSameDeadLettersThroughBothPaths() {
    List<Record> rows =
        rows(
            20,
            row ->
                row.getField("id").equals(3L)
                    ? with(row, "amount", 500.0)
                    : row.getField("id").equals(11L) ? nulled(row, "id") : row);
    for (Schema sent : List.of(Events.SCHEMA, CONVERTED)) {
      String name = sent == CONVERTED ? "converted" : "copied";
      Table deadColumns = deadTable(name + "_dead_columns");
      Table deadRows = deadTable(name + "_dead_map_rows");
      Table columns = table(name + "_columns");
      Table mapRows = table(name + "_map_rows");
      try (VectorSchemaRoot root = root(sent, rows)) {
        assertThat(fits(columns, root, List.of())).isFalse();
        assertThat(append(columns, root, w -> dead(w, deadColumns), true).deadLettered())
            .isEqualTo(2);
        assertThat(append(mapRows, root, w -> dead(w, deadRows), false).deadLettered())
            .isEqualTo(2);
      }
      assertThat(sorted(Events.read(columns))).isEqualTo(sorted(Events.read(mapRows))).hasSize(18);
      assertThat(letters(deadColumns)).isEqualTo(letters(deadRows)).hasSize(2);
    }
  }

  private static TableWriter.Builder dead(TableWriter.Builder writer, Table letters) {
    return writer.range("amount", 0.0, 100.0).deadLetter(DeadLetter.table(letters));
  }

  private Table deadTable(String name) {
    return floe.tables()
        .createIfAbsent("ml." + name, DeadLetter.SCHEMA, PartitionSpec.unpartitioned());
  }

  @Test
  void withGroupCommitTheRootMayBeReusedOnceAppendAsyncReturns() {
    Table table = table("reused");
    List<Record> first = rows(50, UnaryOperator.identity());
    try (TableWriter writer =
            TableWriter.forTable(table)
                .producerId("p")
                .allocator(allocator)
                .groupCommit(Duration.ofMillis(200), 1 << 20)
                .fillGroups()
                .build();
        VectorSchemaRoot root = root(Events.SCHEMA, first)) {
      var pending = writer.appendAsync(Batch.ofArrow(0, root));
      // Refill the same root with other rows before the first batch commits.
      root.clear();
      RowAppender appender = RowAppender.into(root, Events.SCHEMA);
      for (long id = 1000; id < 1010; id++) {
        appender.append(Events.row(Events.SCHEMA, id));
      }
      appender.finish();
      var second = writer.appendAsync(Batch.ofArrow(1, root));
      assertThat(pending.join().rows()).isEqualTo(50);
      assertThat(second.join().rows()).isEqualTo(10);
    }
    assertThat(Events.ids(Events.read(table)))
        .hasSize(60)
        .doesNotHaveDuplicates()
        .contains(0L, 49L, 1000L, 1009L);
  }

  @Test
  void aRootClearedBeforeTheAppendIsRefusedNotMisread() {
    Table table = table("cleared");
    Batch batch;
    try (VectorSchemaRoot root = root(Events.SCHEMA, rows(30, UnaryOperator.identity()))) {
      batch = Batch.ofArrow(0, root);
      root.clear();
      try (TableWriter writer =
          TableWriter.forTable(table).producerId("p").allocator(allocator).build()) {
        assertThat(catchThrowable(() -> writer.append(batch)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("Cannot read an Arrow batch of 30 rows: its root was closed or");
      }
    }
    assertThat(Events.read(table)).isEmpty();
  }

  private void assertSameFailure(
      List<Record> rows, List<RowRule> rules, UnaryOperator<TableWriter.Builder> settings) {
    UnaryOperator<TableWriter.Builder> withRules =
        w -> {
          rules.forEach(r -> w.rule(r.column(), r.test(), r.description()));
          return settings.apply(w);
        };
    for (Schema sent : List.of(Events.SCHEMA, CONVERTED)) {
      String name = sent == CONVERTED ? "converted" : "copied";
      Table columns = table(name + "_columns");
      Table mapRows = table(name + "_map_rows");
      Throwable viaColumns;
      Throwable viaRows;
      try (VectorSchemaRoot root = root(sent, rows)) {
        assertThat(fits(columns, root, rules)).isFalse();
        viaColumns = catchThrowable(() -> append(columns, root, withRules, true));
        viaRows = catchThrowable(() -> append(mapRows, root, withRules, false));
      }
      assertThat(viaColumns).isNotNull().hasSameClassAs(viaRows).hasMessage(viaRows.getMessage());
      assertThat(viaColumns.getMessage()).contains("batch 0 of producer p: row");
      assertThat(Events.read(columns)).isEmpty();
    }
  }

  // Columns: Batch.ofArrow. Map rows: today's path for the same root, the rows ofArrow reads.
  private AppendResult append(
      Table table,
      VectorSchemaRoot root,
      UnaryOperator<TableWriter.Builder> settings,
      boolean columns) {
    Batch batch =
        columns
            ? Batch.ofArrow(0, root)
            : Batch.ofRows(0, List.copyOf(Batch.ofArrow(0, root).rows()));
    try (TableWriter writer =
        settings.apply(TableWriter.forTable(table).producerId("p").allocator(allocator)).build()) {
      return writer.append(batch);
    }
  }

  private static boolean fits(Table table, VectorSchemaRoot root, List<RowRule> rules) {
    return ArrowColumns.fits(
        table.schema(),
        ArrowRows.view(root),
        rules,
        ListDimensions.of(table.properties(), table.schema(), table.name()),
        Timestamps.EpochUnit.of(table.properties(), table.name()),
        "batch 0 of producer p");
  }

  private Table table(String name) {
    Table table = floe.tables().createIfAbsent("ml." + name, Events.SCHEMA, Events.SPEC);
    table
        .updateProperties()
        .set(
            IngestProperties.COLUMN_PREFIX + "embedding" + IngestProperties.COLUMN_DIMENSION_SUFFIX,
            "3")
        .commit();
    return table;
  }

  private VectorSchemaRoot root(Schema schema, List<Record> rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(ArrowLayout.of(schema), allocator);
    RowAppender appender = RowAppender.into(root, schema);
    for (Record row : rows) {
      Record copy = row.copy();
      if (schema == CONVERTED && copy.getField("user_id") != null) {
        copy.setField("user_id", ((Long) copy.getField("user_id")).intValue());
      }
      appender.append(copy);
    }
    return appender.finish();
  }

  private static List<Record> rows(int count, UnaryOperator<Record> change) {
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < count; id++) {
      rows.add(change.apply(Events.row(Events.SCHEMA, id)));
    }
    return rows;
  }

  private static Record nulled(Record row, String column) {
    return with(row, column, null);
  }

  private static Record with(Record row, String column, Object value) {
    Record copy = row.copy();
    copy.setField(column, value);
    return copy;
  }

  private static List<String> sorted(List<Record> records) {
    return records.stream()
        .sorted(Comparator.comparing(r -> String.valueOf(r.getField("id"))))
        .map(String::valueOf)
        .toList();
  }

  private static List<String> letters(Table dead) {
    return Events.read(dead).stream()
        .map(
            r ->
                r.getField("row_index")
                    + " "
                    + r.getField("column_name")
                    + " "
                    + r.getField("reason")
                    + " "
                    + r.getField("row_text"))
        .sorted()
        .toList();
  }
}
