package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** One lock file over several tables (embedded catalog). */
class MultiTableLockTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  @TempDir Path runs;
  private Floe floe;
  private Table features;
  private Table labels;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    floe = temp.floe();
    features = TestEvents.create(floe, "ml.features");
    labels = TestEvents.create(floe, "ml.labels");
    allocator = temp.resource(BufferAllocator.class);
  }

  @Test
  void pinsVerifiesAndRehydratesEveryTableOfOneLockFile() throws IOException {
    List<Record> featureRows = TestEvents.rows(features, 0, 12);
    List<Record> labelRows = TestEvents.rows(labels, 0, 5);
    TestEvents.append(features, FileFormat.PARQUET, featureRows);
    TestEvents.append(labels, FileFormat.ORC, labelRows);
    Path lockFile = runs.resolve("run.lock.json");

    LockFile pinned =
        TimeTravel.pinAll(floe, List.of("ml.features", "ml.labels"))
            .configure("ml.labels", pin -> pin.select("id", "label"))
            .tag("run-1")
            .writeTo(lockFile);

    assertThat(Files.readString(lockFile)).contains("\"tables\" : [");
    assertThat(pinned.tables()).isEqualTo("ml.features, ml.labels");
    features.refresh();
    labels.refresh();
    assertThat(features.refs()).containsKey("run-1");
    assertThat(labels.refs()).containsKey("run-1");
    LockFile read = LockFile.read(lockFile);
    assertThat(read).isEqualTo(pinned);

    TestEvents.append(labels, FileFormat.PARQUET, TestEvents.rows(labels, 5, 9));
    assertThat(TimeTravel.verify(floe, read).ok()).isTrue();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, read.locks().get(1)).arrow(allocator)) {
      assertThat(ArrowRows.drain(batches)).isEqualTo(ArrowRows.expected(labelRows, "id", "label"));
    }

    labels.manageSnapshots().removeTag("run-1").commit();
    assertThat(TimeTravel.verify(floe, read).problems())
        .containsExactly("ml.labels: tag run-1 no longer exists");
  }

  @Test
  void failedPinOfOneTableTagsNoTable() {
    TestEvents.append(features, FileFormat.PARQUET, TestEvents.rows(features, 0, 3));
    TestEvents.append(labels, FileFormat.PARQUET, TestEvents.rows(labels, 0, 3));

    assertThatThrownBy(
            () ->
                TimeTravel.pinAll(floe, List.of("ml.features", "ml.labels"))
                    .configure("ml.labels", pin -> pin.select("nope"))
                    .commit())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column 'nope'");
    features.refresh();
    assertThat(features.refs()).containsOnlyKeys("main");
  }

  @Test
  void singleTableLockFilesKeepTheirFlatFormat() throws IOException {
    TestEvents.append(features, FileFormat.PARQUET, TestEvents.rows(features, 0, 3));
    Path lockFile = runs.resolve("one.lock.json");

    TrainingLock lock = TimeTravel.pin(floe, "ml.features").writeTo(lockFile);

    assertThat(Files.readString(lockFile))
        .doesNotContain("tables")
        .contains("\"formatVersion\" : 5");
    assertThat(LockFile.read(lockFile).locks()).containsExactly(lock);
  }
}
