package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.NoSuchRefException;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReaderTest {
  private static final String[] ALL = {"id", "user_id", "event_ts", "amount", "label", "embedding"};

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
  void readsSnapshotIntoArrowWithEmbeddings() {
    List<Record> rows = TestEvents.rows(table, 0, 20);
    TestEvents.append(table, FileFormat.PARQUET, rows);

    try (ArrowBatches batches = TimeTravel.read(table).batchSize(7).arrow(allocator)) {
      Field embedding = batches.schema().findField("embedding");
      assertThat(embedding.getType()).isEqualTo(ArrowType.List.INSTANCE);
      assertThat(embedding.getChildren().get(0).getType())
          .isEqualTo(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
      assertThat(batches.schema().findField("event_ts").getType())
          .isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
      assertThat(ArrowRows.drain(batches)).isEqualTo(ArrowRows.expected(rows, ALL));
      assertThat(batches.rowsRead()).isEqualTo(20);
    }
  }

  @Test
  void readsOlderSnapshotById() {
    long first = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 10));
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 10, 25));

    assertThat(ids(TimeTravel.read(table).snapshot(first))).containsExactlyInAnyOrder(range(0, 10));
    assertThat(ids(TimeTravel.read(table))).containsExactlyInAnyOrder(range(0, 25));
  }

  @Test
  void readsOrcFiles() throws IOException {
    List<Record> rows = TestEvents.rows(table, 0, 12);
    TestEvents.append(table, FileFormat.ORC, rows);

    try (ArrowBatches batches = TimeTravel.read(floe, TestEvents.NAME).arrow(allocator)) {
      assertThat(ArrowRows.drain(batches)).isEqualTo(ArrowRows.expected(rows, ALL));
    }
    try (CloseableIterable<Record> records = TimeTravel.read(table).records()) {
      List<Record> read = new ArrayList<>();
      records.forEach(read::add);
      assertThat(ArrowRows.expected(read, ALL)).isEqualTo(ArrowRows.expected(rows, ALL));
    }
  }

  @Test
  void projectionReturnsOnlySelectedColumns() {
    List<Record> rows = TestEvents.rows(table, 0, 10);
    TestEvents.append(table, FileFormat.PARQUET, rows);

    try (ArrowBatches batches = TimeTravel.read(table).select("embedding", "id").arrow(allocator)) {
      // Like Iceberg's Schema.select, columns come in table order.
      assertThat(batches.schema().getFields())
          .extracting(Field::getName)
          .containsExactly("id", "embedding");
      assertThat(ArrowRows.drain(batches)).isEqualTo(ArrowRows.expected(rows, "id", "embedding"));
    }
  }

  @Test
  void unknownColumnFailsNamingIt() {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 3));

    assertThatThrownBy(() -> TimeTravel.read(table).select("id", "nope").arrow(allocator))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column 'nope'");
  }

  @Test
  void unknownSnapshotIdFails() {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 3));

    assertThatThrownBy(() -> TimeTravel.read(floe, TestEvents.NAME).snapshot(123).arrow(allocator))
        .isInstanceOf(SnapshotNotFoundException.class)
        .hasMessage("Table db.events has no snapshot 123");
    assertThatThrownBy(() -> TimeTravel.read(table).snapshot(123).snapshotId())
        .isInstanceOf(SnapshotNotFoundException.class);
  }

  @Test
  void readsSnapshotWithSchemaAtThatTime() {
    long first = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 5));
    table.updateSchema().addColumn("score", Types.DoubleType.get()).commit();
    List<Record> later = TestEvents.rows(table, 5, 8);
    later.forEach(row -> row.setField("score", 0.5));
    TestEvents.append(table, FileFormat.PARQUET, later);

    try (ArrowBatches old = TimeTravel.read(table).snapshot(first).arrow(allocator)) {
      assertThat(old.schema().getFields()).extracting(Field::getName).containsExactly(ALL);
      assertThat(ArrowRows.drain(old)).hasSize(5);
    }
    try (ArrowBatches now = TimeTravel.read(table).select("id", "score").arrow(allocator)) {
      // Files written before the column existed read it as null.
      List<List<Object>> expected = new ArrayList<>();
      for (long id = 0; id < 8; id++) {
        expected.add(Arrays.asList(id, id < 5 ? null : 0.5));
      }
      assertThat(ArrowRows.drain(now)).isEqualTo(expected);
    }
  }

  @Test
  void digestIsIndependentOfBatchSizeAndStable() {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 30));
    Table changed = TestEvents.create(floe, "db.changed");
    List<Record> rows = TestEvents.rows(changed, 0, 30);
    rows.get(17).setField("amount", 99.0);
    TestEvents.append(changed, FileFormat.PARQUET, rows);

    String small = digest(TimeTravel.read(table).batchSize(4));
    assertThat(small).hasSize(64);
    assertThat(digest(TimeTravel.read(table).batchSize(1000))).isEqualTo(small);
    assertThat(digest(TimeTravel.read(table))).isEqualTo(small);
    assertThat(digest(TimeTravel.read(changed))).isNotEqualTo(small);
    // records() streams the same rows in the same order, as the digest of older locks shows.
    String legacy = digest(TimeTravel.read(table).batchSize(4).legacyDigest());
    assertThat(digest(TimeTravel.read(table).batchSize(1000).legacyDigest())).isEqualTo(legacy);
    ContentDigest records = new ContentDigest();
    try (CloseableIterable<Record> rowsRead = TimeTravel.read(table).records()) {
      rowsRead.forEach(records::update);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(records.hex()).isEqualTo(legacy);
  }

  @Test
  void readsBranchOrTagByRef() {
    long first = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 4));
    table.manageSnapshots().createBranch("exp-1", first).commit();
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 4, 9));

    assertThat(ids(TimeTravel.read(table).useRef("exp-1"))).containsExactly(range(0, 4));
    assertThat(TimeTravel.read(floe, "db.events@exp-1").snapshotId()).isEqualTo(first);
    assertThatThrownBy(() -> TimeTravel.read(table).useRef("nope").snapshotId())
        .isInstanceOf(NoSuchRefException.class)
        .hasMessageContaining("no branch or tag 'nope'");
  }

  private String digest(Reader reader) {
    try (ArrowBatches batches = reader.arrow(allocator)) {
      batches.forEach(batch -> {});
      return batches.contentDigest();
    }
  }

  private List<Long> ids(Reader reader) {
    try (ArrowBatches batches = reader.select("id").arrow(allocator)) {
      return ArrowRows.drain(batches).stream().map(row -> (Long) row.get(0)).toList();
    }
  }

  private static Long[] range(long from, long to) {
    return java.util.stream.LongStream.range(from, to).boxed().toArray(Long[]::new);
  }
}
