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
 * An Arrow batch whose columns have the table's layout types is copied vector by vector; one with a
 * column that needs a conversion (here user_id as Int(32) for a long column) is read as map rows.
 * The same rows, good or bad, give the same table, the same errors and the same dead letters.
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
    Table direct = table("direct");
    Table converted = table("converted");

    try (VectorSchemaRoot copied = root(Events.SCHEMA, rows);
        VectorSchemaRoot read = root(CONVERTED, rows)) {
      assertThat(fits(direct, copied, List.of())).isTrue();
      assertThat(fits(converted, read, List.of())).isFalse();
      assertThat(append(direct, copied, w -> w).rows()).isEqualTo(200);
      assertThat(append(converted, read, w -> w).rows()).isEqualTo(200);
    }

    assertThat(sorted(Events.read(direct))).isEqualTo(sorted(Events.read(converted))).hasSize(200);
    assertThat(sorted(Events.read(direct))).isEqualTo(sorted(rows));
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
    Table deadDirect =
        floe.tables()
            .createIfAbsent("ml.dead_direct", DeadLetter.SCHEMA, PartitionSpec.unpartitioned());
    Table deadConverted =
        floe.tables()
            .createIfAbsent("ml.dead_converted", DeadLetter.SCHEMA, PartitionSpec.unpartitioned());
    Table direct = table("direct");
    Table converted = table("converted");
    try (VectorSchemaRoot copied = root(Events.SCHEMA, rows);
        VectorSchemaRoot read = root(CONVERTED, rows)) {
      assertThat(
              append(
                      direct,
                      copied,
                      w -> w.range("amount", 0.0, 100.0).deadLetter(DeadLetter.table(deadDirect)))
                  .deadLettered())
          .isEqualTo(2);
      assertThat(
              append(
                      converted,
                      read,
                      w ->
                          w.range("amount", 0.0, 100.0).deadLetter(DeadLetter.table(deadConverted)))
                  .deadLettered())
          .isEqualTo(2);
    }
    assertThat(sorted(Events.read(direct))).isEqualTo(sorted(Events.read(converted))).hasSize(18);
    assertThat(letters(deadDirect)).isEqualTo(letters(deadConverted)).hasSize(2);
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
    Table direct = table("direct");
    Table converted = table("converted");
    Throwable viaCopy;
    Throwable viaRows;
    try (VectorSchemaRoot copied = root(Events.SCHEMA, rows);
        VectorSchemaRoot read = root(CONVERTED, rows)) {
      assertThat(fits(direct, copied, rules)).isFalse();
      UnaryOperator<TableWriter.Builder> withRules =
          w -> {
            rules.forEach(r -> w.rule(r.column(), r.test(), r.description()));
            return settings.apply(w);
          };
      viaCopy = catchThrowable(() -> append(direct, copied, withRules));
      viaRows = catchThrowable(() -> append(converted, read, withRules));
    }
    assertThat(viaCopy).isNotNull().hasSameClassAs(viaRows).hasMessage(viaRows.getMessage());
    assertThat(viaCopy.getMessage()).contains("batch 0 of producer p: row");
    assertThat(Events.read(direct)).isEmpty();
  }

  private AppendResult append(
      Table table, VectorSchemaRoot root, UnaryOperator<TableWriter.Builder> settings) {
    try (TableWriter writer =
        settings.apply(TableWriter.forTable(table).producerId("p").allocator(allocator)).build()) {
      return writer.append(Batch.ofArrow(0, root));
    }
  }

  private static boolean fits(Table table, VectorSchemaRoot root, List<RowRule> rules) {
    return ArrowColumns.fits(
        table.schema(),
        ArrowRows.view(root),
        rules,
        ListDimensions.of(table.properties(), table.schema(), table.name()));
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
