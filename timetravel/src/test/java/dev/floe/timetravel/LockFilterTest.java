package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class LockFilterTest {
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
  void filterIsRecordedInLockAndAppliedOnRehydrate() throws IOException {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 40));
    Path lockFile = runs.resolve("filtered.lock.json");
    var filter =
        Expressions.and(
            Expressions.greaterThanOrEqual("id", 10L),
            Expressions.lessThan("event_ts", "2026-01-01T00:00:30Z"));

    TrainingLock lock =
        TimeTravel.pin(floe, TestEvents.NAME)
            .select("id", "amount")
            .filter(filter)
            .writeTo(lockFile);
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 40, 60));

    assertThat(lock.formatVersion()).isEqualTo(5);
    assertThat(Files.readString(lockFile)).contains("\"filter\" : {");
    TrainingLock read = TrainingLock.read(lockFile);
    assertThat(read).isEqualTo(lock);
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, read).arrow(allocator)) {
      // event_ts of row id is START + id seconds (+ micros): ids 10..29 are before :30.
      assertThat(ArrowRows.drain(batches).stream().map(row -> (Long) row.get(0)))
          .containsExactlyElementsOf(LongStream.range(10, 30).boxed().toList());
      assertThat(batches.contentDigest()).isEqualTo(lock.contentDigest());
    }
  }

  @Test
  void lockWithoutFilterStaysFormatVersionOneAndVersionOneFilesRead() throws IOException {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 5));
    Path lockFile = runs.resolve("plain.lock.json");

    TrainingLock lock = TimeTravel.pin(floe, TestEvents.NAME).writeTo(lockFile);

    // Digest units need format 5; pinned without a digest, the lock stays at 1.
    assertThat(lock.formatVersion()).isEqualTo(5);
    TrainingLock plain =
        TimeTravel.pin(floe, TestEvents.NAME).contentDigest(false).writeTo(runs.resolve("p.json"));
    assertThat(plain.formatVersion()).isEqualTo(1);
    assertThat(plain.filter()).isNull();
    assertThat(Files.readString(lockFile)).doesNotContain("filter");
    // A file written by the first Floe release: exactly these fields, the single-stream digest.
    String legacy;
    try (ArrowBatches batches = TimeTravel.read(table).legacyDigest().arrow(allocator)) {
      ArrowRows.drain(batches);
      legacy = batches.contentDigest();
    }
    TrainingLock old =
        LockEdits.edited(
            lock,
            runs.resolve("v1.lock.json"),
            n -> {
              n.put("formatVersion", 1);
              n.remove("fileDigests");
              n.put("contentDigest", legacy);
              n.put("pinnedAt", "2026-11-01T00:00:00Z");
            });
    assertThat(old.formatVersion()).isEqualTo(1);
    assertThat(old.filter()).isNull();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, old).arrow(allocator)) {
      assertThat(ArrowRows.drain(batches)).hasSize(5);
      assertThat(batches.contentDigest()).isEqualTo(legacy);
    }
    assertThat(List.of(old.columns())).containsExactly(List.of());
  }

  @Test
  void aWholeNumberOnADoubleColumnPinsALockThatRehydrates() throws IOException {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 40));
    Path lockFile = runs.resolve("whole.lock.json");

    TrainingLock lock =
        TimeTravel.pin(floe, TestEvents.NAME)
            .filter(Filters.parse("amount >= 30"))
            .writeTo(lockFile);

    // amount is id * 1.5: ids 20..39 pass.
    assertThat(Files.readString(lockFile)).contains("30.0");
    try (ArrowBatches batches =
        TimeTravel.rehydrate(floe, TrainingLock.read(lockFile)).arrow(allocator)) {
      assertThat(ArrowRows.drain(batches)).hasSize(20);
    }
    // A lock pinned before filters were written bound holds the literal as written.
    TrainingLock older =
        LockEdits.edited(
            lock,
            runs.resolve("older.lock.json"),
            n ->
                ((com.fasterxml.jackson.databind.node.ObjectNode) n.get("filter"))
                    .put("value", 30));
    assertThat(older.filter()).doesNotContain("30.0");
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, older).arrow(allocator)) {
      assertThat(ArrowRows.drain(batches)).hasSize(20);
      assertThat(batches.contentDigest()).isEqualTo(lock.contentDigest());
    }
  }
}
