package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SplitTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  @TempDir Path runs;
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
  void splitIsRecordedAndEachPartRehydratesTheSameRowsEveryTime() {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 300));
    Path lockFile = runs.resolve("split.lock.json");

    TrainingLock lock =
        TimeTravel.pin(floe, TestEvents.NAME)
            .select("id", "label")
            .split(Split.by("id").train(0.6).validation(0.2).test(0.2).seed(42).build())
            .writeTo(lockFile);

    assertThat(lock.formatVersion()).isEqualTo(5);
    assertThat(lock.split()).isEqualTo(new Split("id", 0.6, 0.2, 0.2, 42));
    assertThat(lock.splitDigests()).hasSize(3);
    TrainingLock read = TrainingLock.read(lockFile);
    assertThat(read).isEqualTo(lock);
    List<Long> all = new ArrayList<>();
    for (Split.Part part : Split.Part.values()) {
      List<Long> ids = ids(read, part);
      assertThat(ids(read, part))
          .as("a rerun reads the same rows in the same order")
          .isEqualTo(ids);
      assertThat(ids).allMatch(id -> lock.split().partOf(id) == part);
      all.addAll(ids);
    }
    assertThat(all).containsExactlyInAnyOrderElementsOf(LongStream.range(0, 300).boxed().toList());
    assertThat(ids(read, Split.Part.TRAIN).size()).isBetween(150, 210);
    Split otherSeed = new Split("id", 0.6, 0.2, 0.2, 43);
    assertThat(
            LongStream.range(0, 300).filter(id -> otherSeed.partOf(id) != lock.split().partOf(id)))
        .isNotEmpty();
  }

  @Test
  void shuffleIsSeededRecordedAndReappliedOnRehydrate() {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 100));
    Path lockFile = runs.resolve("shuffled.lock.json");

    TrainingLock lock =
        TimeTravel.pin(floe, TestEvents.NAME)
            .split(Split.by("user_id").train(0.5).validation(0.25).test(0.25).seed(3).build())
            .shuffle(99)
            .writeTo(lockFile);
    TrainingLock read = TrainingLock.read(lockFile);

    assertThat(read).isEqualTo(lock);
    assertThat(read.shuffleSeed()).isEqualTo(99L);
    List<Long> first = ids(read, Split.Part.TRAIN);
    assertThat(ids(read, Split.Part.TRAIN)).isEqualTo(first);
    assertThat(first).allMatch(id -> lock.split().partOf(id % 5) == Split.Part.TRAIN);
    List<Long> fileOrder = new ArrayList<>();
    try (ArrowBatches batches =
        TimeTravel.read(table)
            .split(lock.split(), Split.Part.TRAIN)
            .select("id")
            .arrow(allocator)) {
      for (VectorSchemaRoot batch : batches) {
        for (int i = 0; i < batch.getRowCount(); i++) {
          fileOrder.add(((BigIntVector) batch.getVector("id")).get(i));
        }
      }
    }
    assertThat(first).isNotEqualTo(fileOrder).containsExactlyInAnyOrderElementsOf(fileOrder);
    List<Long> otherSeed = new ArrayList<>();
    try (ArrowBatches batches =
        TimeTravel.read(table)
            .split(lock.split(), Split.Part.TRAIN)
            .shuffle(98)
            .select("id")
            .arrow(allocator)) {
      for (VectorSchemaRoot batch : batches) {
        for (int i = 0; i < batch.getRowCount(); i++) {
          otherSeed.add(((BigIntVector) batch.getVector("id")).get(i));
        }
      }
    }
    assertThat(otherSeed).isNotEqualTo(first);
  }

  @Test
  void invalidSplitsFailClearly() {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 3));

    assertThatThrownBy(() -> new Split("id", 0.5, 0.2, 0.2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sum to 1");
    assertThatThrownBy(
            () ->
                TimeTravel.pin(floe, TestEvents.NAME)
                    .split(Split.by("nope").train(0.8).validation(0.1).test(0.1).seed(1).build())
                    .commit())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("on 'nope': not a top-level column");
    TrainingLock plain = TimeTravel.pin(floe, TestEvents.NAME).contentDigest(false).commit();
    assertThatThrownBy(
            () -> TimeTravel.rehydrate(floe, plain).part(Split.Part.TEST).arrow(allocator))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the lock has no split");
  }

  private List<Long> ids(TrainingLock lock, Split.Part part) {
    List<Long> ids = new ArrayList<>();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).part(part).arrow(allocator)) {
      for (VectorSchemaRoot batch : batches) {
        BigIntVector id = (BigIntVector) batch.getVector("id");
        for (int i = 0; i < batch.getRowCount(); i++) {
          ids.add(id.get(i));
        }
      }
      if (lock.shuffleSeed() == null) {
        // A shuffled part was checked file by file before it was read: its order has no digest.
        assertThat(batches.contentDigest()).isEqualTo(lock.splitDigests().get(part));
      }
    }
    return ids;
  }
}
