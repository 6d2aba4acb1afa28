package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockVerificationException;
import dev.floe.catalog.testing.TempWarehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data file changed on disk after the pin (same size, still valid Parquet, one value different):
 * a rehydration fails at that file, naming it, before any of its batches reaches the caller.
 */
class TamperedFileTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  @TempDir Path runs;
  private Floe floe;
  private Table table;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = temp.floe();
    allocator = temp.resource(BufferAllocator.class);
    table = TestEvents.create(floe);
    DataFiles.uncompressed(table);
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 40));
  }

  @Test
  void noBatchOfATamperedFileReachesTheCaller() {
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).commit();
    List<Path> files = DataFiles.paths(table);
    assertThat(files).hasSize(2);
    FileDigest first = lock.fileDigests().get(0);
    DataFiles.replaceDouble(files.get(0), amountIn(files.get(0), lock), -1.0);

    List<Long> seen = new ArrayList<>();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      assertThatThrownBy(() -> batches.forEach(batch -> seen.add((long) batch.getRowCount())))
          .isInstanceOf(LockVerificationException.class)
          .hasMessageStartingWith(
              "content digest mismatch in rows 0-"
                  + (first.rows() - 1)
                  + " of "
                  + first.path()
                  + " (unit 1 of 1, file 1 of 2)");
    }
    assertThat(seen).isEmpty();
  }

  @Test
  void filesBeforeTheTamperedOneAreHandedOutAndNothingAfter() {
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).commit();
    List<Path> files = DataFiles.paths(table);
    DataFiles.replaceDouble(files.get(1), amountIn(files.get(1), lock), -1.0);
    long firstRows = lock.fileDigests().get(0).rows();

    long seen = 0;
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      var iterator = batches.iterator();
      LockVerificationException failure = null;
      try {
        while (iterator.hasNext()) {
          VectorSchemaRoot batch = iterator.next();
          seen += batch.getRowCount();
        }
      } catch (LockVerificationException e) {
        failure = e;
      }
      assertThat(failure).isNotNull();
      assertThat(failure.getMessage()).contains(lock.fileDigests().get(1).path(), "file 2 of 2");
      assertThat(batches.fileDigests()).containsExactly(lock.fileDigests().get(0));
    }
    assertThat(seen).isEqualTo(firstRows);
  }

  @Test
  void exportsOfATamperedLockLeaveNoFile() {
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).shuffle(5).commit();
    List<Path> files = DataFiles.paths(table);
    DataFiles.replaceDouble(files.get(1), amountIn(files.get(1), lock), -1.0);
    Path out = runs.resolve("out");

    assertThatThrownBy(
            () -> TimeTravel.rehydrate(floe, lock).writeParquet(out.resolve("e.parquet")))
        .isInstanceOf(LockVerificationException.class)
        .hasMessageContaining(lock.fileDigests().get(1).path());
    assertThatThrownBy(() -> TimeTravel.rehydrate(floe, lock).arrow(allocator).close())
        .isInstanceOf(LockVerificationException.class);
    assertThat(LockEdits.listing(out)).isEmpty();
  }

  // An amount (id * 1.5) stored in that file: the ids there are those of its bucket.
  private double amountIn(Path file, TrainingLock lock) {
    try (ArrowBatches batches = TimeTravel.read(table).select("id").threads(1).arrow(allocator)) {
      for (VectorSchemaRoot batch : batches) {
        long id = ((org.apache.arrow.vector.BigIntVector) batch.getVector(0)).get(0);
        if (batches.fileDigests().size() == DataFiles.paths(table).indexOf(file)) {
          return id * 1.5;
        }
      }
    }
    throw new AssertionError("no rows in " + file + " of " + lock.label());
  }
}
