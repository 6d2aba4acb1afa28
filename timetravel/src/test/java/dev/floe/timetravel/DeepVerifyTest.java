package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link TimeTravel#verifyDeep} reads every file and names each one that differs. */
class DeepVerifyTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = TestEvents.create(floe);
    DataFiles.uncompressed(table);
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 60));
  }

  @Test
  void untouchedLockChecksOutFileByFile() {
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).commit();

    VerifyResult result = TimeTravel.verifyDeep(floe, lock);

    assertThat(result.ok()).isTrue();
    assertThat(result.files()).hasSize(2).allMatch(FileCheck::ok);
    assertThat(result.files().stream().map(FileCheck::digest).toList())
        .isEqualTo(lock.fileDigests().stream().map(FileDigest::digest).toList());
    assertThat(TimeTravel.verify(floe, lock).files()).as("plain verify reads no data").isEmpty();
  }

  @Test
  void namesTheFileThatDiffersAndOnlyThatOne() {
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).select("id", "amount").commit();
    List<Path> files = DataFiles.paths(table);
    DataFiles.replaceDouble(files.get(1), firstAmountOf(1), 0.125);

    VerifyResult result = TimeTravel.verifyDeep(floe, lock);

    assertThat(TimeTravel.verify(floe, lock).ok()).as("metadata unchanged").isTrue();
    assertThat(result.ok()).isFalse();
    assertThat(result.files())
        .extracting(FileCheck::status)
        .containsExactly(FileCheck.Status.OK, FileCheck.Status.MISMATCH);
    FileCheck bad = result.files().get(1);
    assertThat(bad.rows()).isEqualTo(bad.expectedRows());
    assertThat(bad.digest()).isNotEqualTo(bad.expectedDigest());
    assertThat(result.problems())
        .singleElement()
        .asString()
        .startsWith("content digest mismatch in rows 0-")
        .contains(lock.fileDigests().get(1).path() + " (unit 1 of 1, file 2 of 2)");
  }

  @Test
  void aLockWithoutDigestCannotBeCheckedDeeply() {
    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).contentDigest(false).commit();

    VerifyResult result = TimeTravel.verifyDeep(floe, lock);

    assertThat(result.ok()).isFalse();
    assertThat(result.problems()).singleElement().asString().contains("no content digest");
  }

  // The amount (id * 1.5) of the first row of file {@code index} in read order.
  private double firstAmountOf(int index) {
    try (var allocator = new RootAllocator();
        ArrowBatches batches = TimeTravel.read(table).select("id").threads(1).arrow(allocator)) {
      for (VectorSchemaRoot batch : batches) {
        if (batches.fileDigests().size() == index) {
          return ((BigIntVector) batch.getVector(0)).get(0) * 1.5;
        }
      }
    }
    throw new AssertionError("no file " + index);
  }
}
