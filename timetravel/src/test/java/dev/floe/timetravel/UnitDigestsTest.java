package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockVerificationException;
import dev.floe.catalog.testing.GenericDeletes;
import dev.floe.catalog.testing.TempWarehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floe-digest/2}: a data file's digest is over its physical row groups (stripes), each
 * checked on its own, whatever the read path, batch size, deletes or row filter.
 */
class UnitDigestsTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
  }

  @Test
  void deletesAndARowFilterInsideUnitsGiveTheSameUnitsOnEveryPath() {
    Table table = UnitTables.create(floe, "db.units", 100);
    UnitTables.append(table, FileFormat.PARQUET, UnitTables.rows(300));
    GenericDeletes.commit(table, GenericDeletes.positions(table, onlyFile(table), 120, 121, 199));

    FileDigest vectorized =
        fileDigest(TimeTravel.read(table).filter(Expressions.greaterThanOrEqual("id", 50)));
    FileDigest rows =
        fileDigest(
            TimeTravel.read(table)
                .filter(Expressions.greaterThanOrEqual("id", 50))
                .vectorized(false)
                .batchSize(7));

    assertThat(vectorized.units())
        .extracting(u -> List.of(u.offset(), u.count(), u.rows()))
        .containsExactly(
            List.of(0L, 100L, 50L), List.of(100L, 100L, 97L), List.of(200L, 100L, 100L));
    assertThat(rows).isEqualTo(vectorized);
    TrainingLock lock =
        TimeTravel.pin(floe, "db.units").filter(Expressions.greaterThanOrEqual("id", 50)).commit();
    assertThat(lock.fileDigests()).containsExactly(vectorized);
    assertThat(TimeTravel.verifyDeep(floe, lock).ok()).isTrue();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      assertThat(rowCount(batches)).isEqualTo(247);
    }
  }

  @Test
  void severalFilesOfSeveralRowGroupsPinAndRehydrateOnReadAheadThreads() {
    Table table = UnitTables.create(floe, "db.units", 100);
    UnitTables.append(table, FileFormat.PARQUET, UnitTables.rows(300));
    UnitTables.append(table, FileFormat.PARQUET, UnitTables.rows(250));

    TrainingLock lock = TimeTravel.pin(floe, "db.units").commit();

    assertThat(lock.fileDigests())
        .extracting(file -> file.units().size())
        .containsExactlyInAnyOrder(3, 3);
    assertThat(TimeTravel.verifyDeep(floe, lock).ok()).isTrue();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      assertThat(rowCount(batches)).isEqualTo(550);
      assertThat(batches.fileDigests()).isEqualTo(lock.fileDigests());
    }
  }

  @Test
  void tamperingOneRowGroupNamesItsRowRangeAndHandsOutNoRowOfIt() {
    Table table = UnitTables.create(floe, "db.units", 100);
    DataFiles.uncompressed(table);
    UnitTables.append(table, FileFormat.PARQUET, UnitTables.rows(300));
    TrainingLock lock = TimeTravel.pin(floe, "db.units").commit();
    Path file = DataFiles.paths(table).get(0);
    DataFiles.replaceDouble(file, 151 * 1.25, -1.0);
    String range = "rows 100-199 of " + file;

    assertThat(TimeTravel.verifyDeep(floe, lock).problems())
        .singleElement()
        .asString()
        .startsWith("content digest mismatch in " + range + " (unit 2 of 3, file 1 of 1)");
    List<Integer> seen = new ArrayList<>();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      assertThatThrownBy(
              () ->
                  batches.forEach(
                      batch -> {
                        IntVector ids = (IntVector) batch.getVector("id");
                        for (int i = 0; i < batch.getRowCount(); i++) {
                          seen.add(ids.get(i));
                        }
                      }))
          .isInstanceOf(LockVerificationException.class)
          .hasMessageStartingWith("content digest mismatch in " + range);
    }
    assertThat(seen).allSatisfy(id -> assertThat(id).isLessThan(100));
  }

  @Test
  void aGatedReadHandsOutEachRowGroupOnceItVerifiedNotOnlyAtTheEndOfTheFile() {
    Table table = UnitTables.create(floe, "db.units", 100);
    DataFiles.uncompressed(table);
    UnitTables.append(table, FileFormat.PARQUET, UnitTables.rows(300));
    TrainingLock lock = TimeTravel.pin(floe, "db.units").commit();
    DataFiles.replaceDouble(DataFiles.paths(table).get(0), 251 * 1.25, -1.0);

    List<Integer> seen = new ArrayList<>();
    try (ArrowBatches batches =
        TimeTravel.read(table).batchSize(50).verifyFiles(lock.fileDigests()).arrow(allocator)) {
      assertThatThrownBy(() -> batches.forEach(batch -> seen.addAll(ids(batch))))
          .isInstanceOf(LockVerificationException.class)
          .hasMessageStartingWith("content digest mismatch in rows 200-299 of ");
    }
    // The two row groups before the tampered one verified and reached the caller, whole.
    assertThat(seen).hasSize(200).allSatisfy(id -> assertThat(id).isLessThan(200));
  }

  @Test
  void aLockWhoseUnitWasEditedAloneIsRefusedWhenRead(@TempDir Path runs) {
    Table table = UnitTables.create(floe, "db.units", 100);
    UnitTables.append(table, FileFormat.PARQUET, UnitTables.rows(300));
    TrainingLock lock = TimeTravel.pin(floe, "db.units").commit();
    Path file = runs.resolve("lock.json");
    lock.write(file);
    assertThat(TrainingLock.read(file)).isEqualTo(lock);

    assertThatThrownBy(
            () ->
                LockEdits.edited(
                    lock,
                    file,
                    n ->
                        ((ObjectNode) n.at("/fileDigests/0/units/1"))
                            .put("digest", "0".repeat(64))))
        .hasMessageContaining("but the digest over its units is")
        .hasMessageContaining("the lock was edited");
  }

  @Test
  void sameRowsInOtherRowGroupsFailOnTheUnitsTheLockPins() {
    Table pinned = UnitTables.create(floe, "db.pinned", 100);
    UnitTables.append(pinned, FileFormat.PARQUET, UnitTables.rows(300));
    Table rewritten = UnitTables.create(floe, "db.rewritten", 150);
    UnitTables.append(rewritten, FileFormat.PARQUET, UnitTables.rows(300));
    FileDigest lock = TimeTravel.pin(floe, "db.pinned").commit().fileDigests().get(0);
    String path = onlyFile(rewritten).location();
    FileDigest moved = new FileDigest(path, lock.rows(), lock.digest(), lock.units());

    assertThat(fileDigest(TimeTravel.read(rewritten).digestUnits(false)).digest())
        .as("the same rows: equal floe-digest/1 digests")
        .isEqualTo(fileDigest(TimeTravel.read(pinned).digestUnits(false)).digest());
    try (ArrowBatches batches =
        TimeTravel.read(rewritten).verifyFiles(List.of(moved)).arrow(allocator)) {
      assertThatThrownBy(() -> rowCount(batches))
          .isInstanceOf(LockVerificationException.class)
          .hasMessageStartingWith("digest units differ in " + path)
          .hasMessageContaining("unit 1 is rows 0-99 in the lock, rows 0-149 in the file")
          .hasMessageContaining("row groups or stripes were rewritten");
    }
  }

  @Test
  void orcStripesAreUnitsOnTheVectorizedAndTheRowPath() {
    Table table = UnitTables.create(floe, "db.orc", 100);
    UnitTables.append(table, FileFormat.ORC, UnitTables.rows(300));

    FileDigest vectorized = fileDigest(TimeTravel.read(table));
    FileDigest filtered =
        fileDigest(TimeTravel.read(table).filter(Expressions.greaterThanOrEqual("id", 150)));

    assertThat(vectorized.units()).hasSizeGreaterThan(1);
    assertThat(vectorized.units().stream().mapToLong(FileDigest.Unit::count).sum()).isEqualTo(300);
    assertThat(fileDigest(TimeTravel.read(table).vectorized(false))).isEqualTo(vectorized);
    assertThat(filtered.rows()).isEqualTo(150);
    assertThat(filtered.units())
        .extracting(FileDigest.Unit::count)
        .containsExactlyElementsOf(
            vectorized.units().stream().map(FileDigest.Unit::count).toList());
    TrainingLock lock = TimeTravel.pin(floe, "db.orc").commit();
    assertThat(TimeTravel.verifyDeep(floe, lock).ok()).isTrue();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      assertThat(rowCount(batches)).isEqualTo(300);
    }
  }

  @Test
  void anAvroFileIsOneUnit() {
    Table table = UnitTables.create(floe, "db.avro", 100);
    UnitTables.append(table, FileFormat.AVRO, UnitTables.rows(300));

    FileDigest file = fileDigest(TimeTravel.read(table).filter(Expressions.lessThan("id", 250)));

    assertThat(file.units())
        .extracting(u -> List.of(u.offset(), u.count(), u.rows()))
        .containsExactly(List.of(0L, 300L, 250L));
  }

  private FileDigest fileDigest(Reader reader) {
    try (ArrowBatches batches = reader.arrow(allocator)) {
      batches.forEach(batch -> {});
      assertThat(batches.fileDigests()).hasSize(1);
      return batches.fileDigests().get(0);
    }
  }

  private static List<Integer> ids(org.apache.arrow.vector.VectorSchemaRoot batch) {
    IntVector ids = (IntVector) batch.getVector("id");
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < batch.getRowCount(); i++) {
      out.add(ids.get(i));
    }
    return out;
  }

  private static long rowCount(ArrowBatches batches) {
    long rows = 0;
    for (var batch : batches) {
      rows += batch.getRowCount();
    }
    return rows;
  }

  private static DataFile onlyFile(Table table) {
    List<DataFile> files = new ArrayList<>();
    table.currentSnapshot().addedDataFiles(table.io()).forEach(files::add);
    assertThat(files).hasSize(1);
    return files.get(0);
  }
}
