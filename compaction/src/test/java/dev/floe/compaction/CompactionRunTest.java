package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Partial progress after a failure, budgets, filters, sorting and concurrent writers. */
class CompactionRunTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.create(floe, "ml.events", FileFormat.PARQUET);
  }

  private long fill(long firstId, int appends, String... categories) {
    long id = firstId;
    for (int i = 0; i < appends; i++) {
      id = Events.append(table, "main", id, 50, categories);
    }
    return id;
  }

  private long filesOf(String category) {
    return Events.files(table, "main").stream()
        .filter(f -> category.equals(f.partition().get(0, String.class)))
        .count();
  }

  @Test
  void failedGroupKeepsEarlierGroupsAndReRunFinishesTheRest() {
    fill(0, 4, "a", "b", "c");
    AtomicInteger commits = new AtomicInteger();

    // A crash between the first and the second group's commit, as a killed job would leave it.
    CompactionResult first =
        Compaction.binPack(table)
            .parallelism(1)
            .partialProgress(3)
            .beforeCommit(
                () -> {
                  if (commits.incrementAndGet() == 2) {
                    throw new IllegalStateException("injected failure after group 1");
                  }
                })
            .commit();

    assertThat(first.groups()).isEqualTo(1);
    assertThat(first.failures()).hasSize(1);
    assertThat(first.failures().get(0).cause()).hasMessageContaining("injected");
    assertThat(first.failures().get(0).partition()).isEqualTo("category=b");
    assertThat(first.skippedGroups()).isEqualTo(1);
    assertThat(first.complete()).isFalse();
    table.refresh();
    assertThat(filesOf("a")).isEqualTo(1);
    assertThat(filesOf("b")).isEqualTo(4);
    assertThat(Events.ids(table, "main")).isEqualTo(range(0, 600));
    // The failed group's new files were deleted: only referenced files remain in data/.
    assertThat(Compaction.removeOrphans(table).olderThan(java.time.Duration.ZERO).plan()).isEmpty();

    CompactionResult rerun = Compaction.binPack(table).commit();

    assertThat(rerun.groups()).isEqualTo(2);
    assertThat(rerun.rewrittenFiles()).isEqualTo(8);
    assertThat(rerun.complete()).isTrue();
    assertThat(Events.files(table, "main")).hasSize(3);
    assertThat(Events.ids(table, "main")).isEqualTo(range(0, 600));
    assertThat(Compaction.binPack(table).commit().changed()).isFalse();
  }

  @Test
  void maxBytesPerRunLeavesTheRestForLater() {
    fill(0, 4, "a", "b");
    long oneGroup =
        Events.files(table, "main").stream()
                .filter(f -> "a".equals(f.partition().get(0, String.class)))
                .mapToLong(DataFile::fileSizeInBytes)
                .sum()
            + 1;

    CompactionResult result = Compaction.binPack(table).maxBytesPerRun(oneGroup).commit();

    assertThat(result.groups()).isEqualTo(1);
    assertThat(result.skippedGroups()).isEqualTo(1);
    assertThat(result.failures()).isEmpty();
    assertThat(filesOf("a")).isEqualTo(1);
    assertThat(filesOf("b")).isEqualTo(4);
    assertThat(Compaction.binPack(table).commit().groups()).isEqualTo(1);
    assertThat(Events.ids(table, "main")).isEqualTo(range(0, 400));
  }

  @Test
  void filterLimitsCompactionToMatchingPartitions() {
    fill(0, 3, "a", "b");

    CompactionResult result =
        Compaction.binPack(table).filter(Expressions.equal("category", "b")).commit();

    assertThat(result.groups()).isEqualTo(1);
    assertThat(filesOf("a")).isEqualTo(3);
    assertThat(filesOf("b")).isEqualTo(1);
  }

  @Test
  void sortByOrdersRowsWithinEachOutputFile() {
    // Blocks of ids in descending order: each file is ascending, the partition is not.
    for (int i = 5; i >= 0; i--) {
      Events.append(table, "main", i * 100L, 50, "a", "b");
    }

    // Two partitions sorted at once: each group sorts with its own comparator.
    CompactionResult result = Compaction.binPack(table).sortBy("id").parallelism(2).commit();

    assertThat(result.addedFiles()).isEqualTo(2);
    for (String category : List.of("a", "b")) {
      List<Long> read =
          Events.rows(table, result.snapshotId()).stream()
              .filter(r -> category.equals(r.getField("category")))
              .map(r -> (Long) r.getField("id"))
              .toList();
      assertThat(read).hasSize(300).isSorted();
    }
    assertThat(Events.ids(table, "main")).isEqualTo(range(0, 600));
  }

  @Test
  void sortRollsToAnotherSortedFileWhenTheBufferIsFull() {
    for (int i = 5; i >= 0; i--) {
      Events.append(table, "main", i * 50L, 50, "a");
    }
    table.updateProperties().set(CompactionProperties.SORT_MAX_ROWS_IN_MEMORY, "120").commit();

    CompactionResult result = Compaction.binPack(table).sortBy("value", "id").commit();

    assertThat(result.addedFiles()).isEqualTo(3);
    assertThat(Events.ids(table, "main")).isEqualTo(range(0, 300));
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void concurrentAppendsAreNeitherLostNorDuplicated() throws Exception {
    table.updateProperties().set(TableProperties.COMMIT_NUM_RETRIES, "20").commit();
    AtomicLong next = new AtomicLong(fill(0, 6, "a", "b", "c", "d"));
    CountDownLatch stop = new CountDownLatch(1);
    AtomicInteger appends = new AtomicInteger();
    Thread writer =
        new Thread(
            () -> {
              Table other = floe.tables().load("ml.events");
              while (stop.getCount() > 0 || appends.get() < 3) {
                next.set(Events.append(other, "main", next.get(), 20, "a", "b", "c", "d"));
                appends.incrementAndGet();
                // A writer committing back to back starves the compaction's optimistic commits
                // (each retry re-validates more history than one append takes): real producers
                // leave gaps, and group commit makes them longer. The gap ends early once the
                // compaction is done.
                awaitQuietly(stop, 50);
              }
            });
    writer.start();
    CompactionResult result;
    try {
      result = Compaction.binPack(table).parallelism(2).commit();
    } finally {
      stop.countDown();
      writer.join();
    }

    assertThat(result.complete()).isTrue();
    assertThat(result.groups()).isEqualTo(4);
    table.refresh();
    List<Record> rows = Events.rows(table, table.currentSnapshot().snapshotId());
    assertThat(rows).hasSize((int) next.get());
    assertThat(Events.ids(table, "main")).isEqualTo(range(0, next.get()));
  }

  private static void awaitQuietly(CountDownLatch latch, long millis) {
    try {
      latch.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void rewriteManifestsMergesDataManifests() {
    fill(0, 6, "a", "b");
    assertThat(table.currentSnapshot().allManifests(table.io())).hasSize(6);

    ManifestRewrite.Result result = Compaction.rewriteManifests(table).commit();

    assertThat(result.rewrittenManifests()).isEqualTo(6);
    assertThat(result.addedManifests()).isEqualTo(1);
    assertThat(table.currentSnapshot().allManifests(table.io())).hasSize(1);
    assertThat(Events.ids(table, "main")).isEqualTo(range(0, 600));
    assertThat(Compaction.rewriteManifests(table).commit().snapshotId()).isNull();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }
}
