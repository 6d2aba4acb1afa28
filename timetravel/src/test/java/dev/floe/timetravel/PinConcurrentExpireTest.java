package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import dev.floe.catalog.testing.TempWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pin beside a real expire that runs in each window before the pin's tag protects its snapshot
 * (after resolving it, after planning its files, after reading them for the digest). The expire
 * follows a rewrite, so it deletes the pinned snapshot's manifests and data files: a pin must lock
 * a snapshot that still exists, or say that its snapshot expired; never lock files that are gone.
 */
class PinConcurrentExpireTest {
  private static final String LABELS = "db.labels";

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

  /**
   * Through its own handle: replaces every row of {@code name} by ids {@code [0, rows)} in new
   * files, then expires every snapshot but the newest, deleting the old files.
   */
  private void rewriteAndExpire(String name, long rows) {
    Table writer = floe.tables().load(name);
    writer.newDelete().deleteFromRowFilter(Expressions.alwaysTrue()).commit();
    TestEvents.append(writer, FileFormat.PARQUET, TestEvents.rows(writer, 0, rows));
    writer.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(1).commit();
  }

  /** Runs {@code action} once, when the pin reaches {@code step}. */
  private static Consumer<Pin.Step> once(Pin.Step step, Runnable action) {
    AtomicBoolean done = new AtomicBoolean();
    return reached -> {
      if (reached == step && done.compareAndSet(false, true)) {
        action.run();
      }
    };
  }

  private void assertRehydrates(TrainingLock lock, long rows) {
    assertThat(TimeTravel.verify(floe, lock).problems()).isEmpty();
    try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) {
      batches.forEach(batch -> {});
      assertThat(batches.rowsRead()).isEqualTo(rows);
      assertThat(batches.contentDigest()).isEqualTo(lock.contentDigest());
    }
  }

  @ParameterizedTest
  @EnumSource(Pin.Step.class)
  void pinOfARefLocksItsNewSnapshotWhenAnExpireRemovesTheOneBeingPinned(Pin.Step step) {
    long first = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 10));
    Path lockFile = runs.resolve("floe.lock.json");

    TrainingLock lock =
        TimeTravel.pin(floe, TestEvents.NAME)
            .onStep(once(step, () -> rewriteAndExpire(TestEvents.NAME, 20)))
            .writeTo(lockFile);

    table.refresh();
    long current = table.currentSnapshot().snapshotId();
    assertThat(table.snapshot(first)).isNull();
    assertThat(lock.snapshotId()).isEqualTo(current);
    assertThat(lock.rows()).isEqualTo(20L);
    assertThat(table.refs()).containsOnlyKeys("main", "floe-pin-" + current);
    assertRehydrates(TrainingLock.read(lockFile), 20);
  }

  @ParameterizedTest
  @EnumSource(Pin.Step.class)
  void pinOfASnapshotByIdSaysInOneLineThatItExpiredAndWritesNothing(Pin.Step step) {
    long first = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 10));
    Path lockFile = runs.resolve("floe.lock.json");

    assertThatThrownBy(
            () ->
                TimeTravel.pin(floe, TestEvents.NAME)
                    .snapshot(first)
                    .onStep(once(step, () -> rewriteAndExpire(TestEvents.NAME, 20)))
                    .writeTo(lockFile))
        .isInstanceOf(SnapshotNotFoundException.class)
        .hasMessageContaining(
            "Cannot pin db.events at snapshot " + first + ": it was expired while being pinned")
        .hasMessageContaining("pin again")
        .hasMessageNotContaining("\n");

    table.refresh();
    assertThat(table.refs()).containsOnlyKeys("main");
    assertThat(Files.exists(lockFile)).isFalse();
  }

  @Test
  void aTagTheRunReusesIsNotTrustedOnceDroppedAndItsSnapshotExpired() {
    long first = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 10));
    table.manageSnapshots().createTag("run-1", first).commit();

    TrainingLock lock =
        TimeTravel.pin(floe, TestEvents.NAME)
            .tag("run-1")
            .onStep(
                once(
                    Pin.Step.DIGESTED,
                    () -> {
                      floe.tables()
                          .load(TestEvents.NAME)
                          .manageSnapshots()
                          .removeTag("run-1")
                          .commit();
                      rewriteAndExpire(TestEvents.NAME, 20);
                    }))
            .commit();

    table.refresh();
    assertThat(table.snapshot(first)).isNull();
    assertThat(lock.snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
    assertThat(table.refs().get("run-1").snapshotId()).isEqualTo(lock.snapshotId());
    assertRehydrates(lock, 20);
  }

  @Test
  void filteredSplitPinOfARefDigestsTheSnapshotItLocks() {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 10));
    Split split = Split.by("id").train(0.5).validation(0.25).test(0.25).seed(7).build();

    TrainingLock lock =
        TimeTravel.pin(floe, TestEvents.NAME)
            .filter(Expressions.lessThan("id", 15L))
            .split(split)
            .onStep(once(Pin.Step.PLANNED, () -> rewriteAndExpire(TestEvents.NAME, 20)))
            .commit();

    table.refresh();
    assertThat(lock.snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
    assertThat(lock.rows()).isEqualTo(15L);
    assertRehydrates(lock, 15);
  }

  @Test
  void lockOfTwoTablesIsPinnedAgainAndLeavesNoTagOfTheExpiredAttempt() {
    long labelsFirst = setUpLabels();
    long eventsSnapshot = table.currentSnapshot().snapshotId();

    LockFile file =
        TimeTravel.pinAll(floe, List.of(TestEvents.NAME, LABELS))
            .configure(
                LABELS,
                pin -> pin.onStep(once(Pin.Step.DIGESTED, () -> rewriteAndExpire(LABELS, 20))))
            .commit();

    Table labels = floe.tables().load(LABELS);
    long labelsNow = labels.currentSnapshot().snapshotId();
    assertThat(labels.snapshot(labelsFirst)).isNull();
    assertThat(file.locks())
        .extracting(TrainingLock::snapshotId)
        .containsExactly(eventsSnapshot, labelsNow);
    table.refresh();
    assertThat(table.refs()).containsOnlyKeys("main", "floe-pin-" + eventsSnapshot);
    assertThat(labels.refs()).containsOnlyKeys("main", "floe-pin-" + labelsNow);
    assertRehydrates(file.locks().get(1), 20);
  }

  @Test
  void lockOfTwoTablesWithAnExpiredSnapshotByIdRemovesTheTagsItCreated() {
    long labelsFirst = setUpLabels();

    assertThatThrownBy(
            () ->
                TimeTravel.pinAll(floe, List.of(TestEvents.NAME, LABELS))
                    .tag("run-1")
                    .configure(
                        LABELS,
                        pin ->
                            pin.snapshot(labelsFirst)
                                .onStep(
                                    once(Pin.Step.DIGESTED, () -> rewriteAndExpire(LABELS, 20))))
                    .commit())
        .isInstanceOf(SnapshotNotFoundException.class)
        .hasMessageContaining("Cannot pin db.labels at snapshot " + labelsFirst)
        .hasMessageNotContaining("\n");

    table.refresh();
    assertThat(table.refs()).containsOnlyKeys("main");
    assertThat(floe.tables().load(LABELS).refs()).containsOnlyKeys("main");
  }

  private long setUpLabels() {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 10));
    Table labels = TestEvents.create(floe, LABELS);
    return TestEvents.append(labels, FileFormat.PARQUET, TestEvents.rows(labels, 0, 10));
  }
}
