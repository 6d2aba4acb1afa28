package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericDeletes;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Row counts of merge-on-read tables are the rows a read returns, not the data files' records. */
class LiveRowsTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  @TempDir Path runs;
  private Floe floe;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
  }

  @Test
  void positionDeletesCountEachDeletedPositionOnce() {
    Table table = table("db.pos", "2");
    DataFile data = onlyFile(table);
    // Position 2 is deleted by both files: subtracting delete records would say 95.
    GenericDeletes.commit(
        table,
        GenericDeletes.positions(table, data, 0, 1, 2),
        GenericDeletes.positions(table, data, 2, 3, 4));

    assertThat(LiveRows.of(table, table.currentSnapshot())).isEqualTo(new LiveRows(100, 95, true));
    assertThat(table.currentSnapshot().summary()).containsEntry("total-position-deletes", "6");
    assertThat(readRows(TimeTravel.read(table))).isEqualTo(95);
    TrainingLock lock = TimeTravel.pin(floe, "db.pos").commit();
    assertThat(lock.records()).isEqualTo(100);
    assertThat(lock.rows()).isEqualTo(95);
    assertThat(TimeTravel.pin(floe, "db.pos").contentDigest(false).commit().rows())
        .isEqualTo(95); // exact from the metadata, no data read
    assertThat(TimeTravel.verify(floe, lock).ok()).isTrue();
    assertThat(rehydrated(lock)).isEqualTo(95);
  }

  @Test
  void deletionVectorsCountTheirCardinality() {
    Table table = table("db.dv", "3");
    GenericDeletes.commit(
        table, GenericDeletes.deletionVector(table, onlyFile(table), 10, 20, 30, 40));

    assertThat(LiveRows.of(table, table.currentSnapshot())).isEqualTo(new LiveRows(100, 96, true));
    TrainingLock lock = TimeTravel.pin(floe, "db.dv").commit();
    assertThat(lock.rows()).isEqualTo(96);
    assertThat(TimeTravel.verify(floe, lock).ok()).isTrue();
    assertThat(rehydrated(lock)).isEqualTo(96);
  }

  @Test
  void equalityDeletesMakeTheCountAnUpperBoundAndThePinCountsExactly() {
    Table table = table("db.eq", "2");
    GenericDeletes.commit(
        table,
        GenericDeletes.positions(table, onlyFile(table), 0),
        GenericDeletes.equality(table, "id", 50L, 51L, 999L));

    LiveRows live = LiveRows.of(table, table.currentSnapshot());
    assertThat(live).isEqualTo(new LiveRows(100, 99, false));
    assertThat(live.describe(Long::toString)).isEqualTo("at most 99");
    TrainingLock lock = TimeTravel.pin(floe, "db.eq").commit();
    assertThat(lock.rows()).isEqualTo(97);
    assertThat(rehydrated(lock)).isEqualTo(97);
    // Without reading the data the pin cannot know how many rows equality deletes hide.
    assertThat(TimeTravel.pin(floe, "db.eq").contentDigest(false).commit().rows()).isNull();
    // A count above the bound is caught without reading the data.
    TrainingLock edited = LockEdits.edited(lock, runs.resolve("e.json"), n -> n.put("rows", 100));
    assertThat(TimeTravel.verify(floe, edited).problems())
        .containsExactly(
            "lock field 'rows' says 100, snapshot " + lock.snapshotId() + " has at most 99 rows");
  }

  @Test
  void rowsAreWrittenToTheLockAndOldLocksWithoutThemStillVerifyAndRehydrate() throws IOException {
    Table table = table("db.old", "2");
    GenericDeletes.commit(table, GenericDeletes.positions(table, onlyFile(table), 5, 6));
    Path file = runs.resolve("lock.json");
    TrainingLock lock = TimeTravel.pin(floe, "db.old").writeTo(file);
    assertThat(Files.readString(file)).contains("\"rows\" : 98");

    TrainingLock old = LockEdits.edited(lock, file, n -> n.remove("rows"));
    assertThat(old.rows()).isNull();
    assertThat(old.formatVersion()).isEqualTo(5); // rows is optional in every version
    assertThat(TimeTravel.verify(floe, old).ok()).isTrue();
    assertThat(rehydrated(old)).isEqualTo(98);
  }

  @Test
  void tableWithoutDeletesIsCountedFromItsSummary() {
    Table table = table("db.plain", "2");
    assertThat(LiveRows.of(table, table.currentSnapshot())).isEqualTo(new LiveRows(100, 100, true));
    assertThat(LiveRows.of(table, null)).isEqualTo(new LiveRows(0, 0, true));
  }

  private long rehydrated(TrainingLock lock) {
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      return ArrowRows.drain(batches).size(); // digest and row count checked when drained
    }
  }

  private static long readRows(Reader reader) {
    long rows = 0;
    try (CloseableIterable<org.apache.iceberg.data.Record> records = reader.records()) {
      for (var ignored : records) {
        rows++;
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return rows;
  }

  private Table table(String name, String formatVersion) {
    Table table =
        floe.tables()
            .createIfAbsent(
                name,
                TestEvents.SCHEMA,
                PartitionSpec.unpartitioned(),
                Map.of("format-version", formatVersion));
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 100));
    return table;
  }

  private static DataFile onlyFile(Table table) {
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      return tasks.iterator().next().file();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
