package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.catalog.testing.WallClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReaderTimeAndFilterTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private Table table;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = TestEvents.create(floe);
    allocator = temp.resource(BufferAllocator.class);
  }

  @Test
  void asOfReadsSnapshotCurrentAtThatInstantInclusive() {
    long first = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 5));
    WallClock.waitPast(table.snapshot(first).timestampMillis()); // distinct commit milliseconds
    long second = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 5, 9));
    Instant firstAt = Instant.ofEpochMilli(table.snapshot(first).timestampMillis());
    Instant secondAt = Instant.ofEpochMilli(table.snapshot(second).timestampMillis());

    assertThat(TimeTravel.read(table).asOf(firstAt).snapshotId()).isEqualTo(first);
    assertThat(TimeTravel.read(table).asOf(secondAt.minusMillis(1)).snapshotId()).isEqualTo(first);
    assertThat(TimeTravel.read(table).asOf(secondAt).snapshotId()).isEqualTo(second);
    assertThat(TimeTravel.read(table).asOf(secondAt.plusSeconds(3600)).snapshotId())
        .isEqualTo(second);
    assertThat(ids(TimeTravel.read(table).asOf(secondAt.minusMillis(1))))
        .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
    Instant before = firstAt.minusMillis(1);
    assertThatThrownBy(() -> TimeTravel.read(table).asOf(before).snapshotId())
        .isInstanceOf(SnapshotNotFoundException.class)
        .hasMessageContaining("as of " + before)
        .hasMessageContaining("first snapshot " + first + " was committed at " + firstAt);
  }

  @Test
  void asOfOnBranchWalksTheBranchAncestry() {
    long first = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 3));
    table.manageSnapshots().createBranch("exp", first).commit();
    WallClock.waitPast(table.snapshot(first).timestampMillis());
    long onBranch =
        GenericData.append(table, "exp", FileFormat.PARQUET, TestEvents.rows(table, 3, 6));
    Instant branchAt = Instant.ofEpochMilli(table.snapshot(onBranch).timestampMillis());

    assertThat(TimeTravel.read(table).useRef("exp").asOf(branchAt).snapshotId())
        .isEqualTo(onBranch);
    assertThat(TimeTravel.read(table).useRef("exp").asOf(branchAt.minusMillis(1)).snapshotId())
        .isEqualTo(first);
    assertThat(TimeTravel.read(table).asOf(branchAt).snapshotId()).isEqualTo(first);
  }

  @Test
  void filterPrunesFilesAndReturnsOnlyMatchingRowsOnBothPaths() {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 50));
    TestEvents.append(table, FileFormat.ORC, TestEvents.rows(table, 50, 80));
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 80, 120));
    var filter =
        Expressions.and(Expressions.lessThan("id", 60), Expressions.greaterThan("amount", 30.0));
    List<Long> expected = LongStream.range(21, 60).boxed().toList();

    assertThat(SnapshotFiles.plan(table, "t", table.currentSnapshot(), filter).tasks())
        .hasSize(4); // the third append's files cannot hold id < 60
    for (boolean vectorized : List.of(true, false)) {
      // "amount" is not selected: read for the filter, then dropped.
      try (ArrowBatches batches =
          TimeTravel.read(table)
              .select("id")
              .filter(filter)
              .vectorized(vectorized)
              .arrow(allocator)) {
        assertThat(batches.schema().getFields()).extracting(Field::getName).containsExactly("id");
        assertThat(ArrowRows.drain(batches).stream().map(row -> (Long) row.get(0)))
            .containsExactlyElementsOf(expected);
      }
    }
    List<Long> fromRecords = new ArrayList<>();
    try (CloseableIterable<Record> rows =
        TimeTravel.read(table).select("id").filter(filter).records()) {
      rows.forEach(row -> fromRecords.add((Long) row.get(0)));
      assertThat(rows.iterator().next().size()).isEqualTo(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(fromRecords).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void filterOnTimestampMatchesRowsAtTheBoundary() {
    List<Record> rows = TestEvents.rows(table, 0, 20);
    TestEvents.append(table, FileFormat.PARQUET, rows);
    Object at = rows.get(10).getField("event_ts");

    var filter = Expressions.greaterThanOrEqual("event_ts", at.toString());
    assertThat(ids(TimeTravel.read(table).filter(filter)))
        .containsExactlyInAnyOrderElementsOf(LongStream.range(10, 20).boxed().toList());
  }

  @Test
  void oldSnapshotReadsWithCurrentSchemaWhenAsked() {
    long first = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 4));
    table
        .updateSchema()
        .addColumn("score", Types.DoubleType.get())
        .renameColumn("label", "tag")
        .commit();

    try (ArrowBatches old =
        TimeTravel.read(table).snapshot(first).select("id", "label").arrow(allocator)) {
      assertThat(old.schema().getFields())
          .extracting(Field::getName)
          .containsExactly("id", "label");
    }
    try (ArrowBatches now =
        TimeTravel.read(table)
            .snapshot(first)
            .useCurrentSchema()
            .select("id", "tag", "score")
            .arrow(allocator)) {
      assertThat(ArrowRows.drain(now))
          .containsExactly(
              Arrays.asList(0L, "label-0", null),
              Arrays.asList(1L, "label-1", null),
              Arrays.asList(2L, "label-2", null),
              Arrays.asList(3L, null, null));
    }
    assertThat(
            TimeTravel.read(table).snapshot(first).projectOnto(table.schema()).schema().columns())
        .extracting(Types.NestedField::name)
        .contains("tag", "score");
  }

  private List<Long> ids(Reader reader) {
    try (ArrowBatches batches = reader.select("id").arrow(allocator)) {
      return ArrowRows.drain(batches).stream().map(row -> (Long) row.get(0)).toList();
    }
  }
}
