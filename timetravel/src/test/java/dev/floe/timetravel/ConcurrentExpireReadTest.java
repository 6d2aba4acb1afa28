package dev.floe.timetravel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reads beside a writer that appends and expires: a table handle loaded before an expire plans a
 * snapshot whose manifest list the expire deleted, so the read must refresh and plan again.
 */
class ConcurrentExpireReadTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = TestEvents.create(floe);
  }

  /** Appends ids {@code [from, to)} through its own handle, then expires all but the newest. */
  private void appendAndExpire(long from, long to) {
    Table writer = floe.tables().load(TestEvents.NAME);
    TestEvents.append(writer, FileFormat.PARQUET, TestEvents.rows(writer, from, to));
    writer.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(1).commit();
  }

  private static List<Long> ids(CloseableIterable<Record> rows) {
    List<Long> ids = new ArrayList<>();
    try (rows) {
      rows.forEach(row -> ids.add((Long) row.getField("id")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ids.sort(Long::compare);
    return ids;
  }

  private static List<Long> range(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }

  @Test
  void readOfARefPlansAgainWhenAnExpireRemovedTheSnapshotItResolved() {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 10));
    Table loadedBefore = floe.tables().load(TestEvents.NAME);

    appendAndExpire(10, 20);

    assertThat(ids(TimeTravel.read(loadedBefore).records())).isEqualTo(range(0, 20));
  }

  @Test
  void readOfAnExpiredSnapshotSaysSoInOneLine() {
    long first = TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 10));
    Table loadedBefore = floe.tables().load(TestEvents.NAME);

    appendAndExpire(10, 20);

    assertThatThrownBy(() -> ids(TimeTravel.read(loadedBefore).snapshot(first).records()))
        .isInstanceOf(SnapshotNotFoundException.class)
        .hasMessageContaining("at snapshot " + first + ": it was expired while being read")
        .hasMessageNotContaining("\n");
  }

  @Test
  void readsSucceedWhileAnotherThreadAppendsAndExpires() throws Exception {
    TestEvents.append(table, FileFormat.PARQUET, TestEvents.rows(table, 0, 10));
    AtomicLong committedUpTo = new AtomicLong(10);
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Integer> writer =
        CompletableFuture.supplyAsync(
            () -> {
              int commits = 0;
              while (!stop.get()) {
                long from = committedUpTo.get();
                appendAndExpire(from, from + 5);
                committedUpTo.set(from + 5);
                commits++;
              }
              return commits;
            });
    int refReads = 0;
    int pinnedReads = 0;
    int expiredPins = 0;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
      while (System.nanoTime() < deadline || refReads < 20) {
        long atLeast = committedUpTo.get();
        Table handle = floe.tables().load(TestEvents.NAME);
        long pinned = handle.currentSnapshot().snapshotId();
        // A ref read sees every row committed before its handle was loaded, whatever expired.
        List<Long> read = ids(TimeTravel.read(handle).records());
        assertThat((long) read.size()).isGreaterThanOrEqualTo(atLeast);
        assertThat(read).isEqualTo(range(0, read.size()));
        refReads++;
        try {
          ids(TimeTravel.read(handle).snapshot(pinned).records());
          pinnedReads++;
        } catch (SnapshotNotFoundException e) {
          assertThat(e.getMessage())
              .contains("it was expired while being read")
              .doesNotContain("\n");
          expiredPins++;
        }
      }
    } finally {
      stop.set(true);
    }
    int commits = writer.get(60, TimeUnit.SECONDS);
    System.out.printf(
        "%d commits+expires beside %d ref reads, %d pinned reads, %d pins expired mid-read%n",
        commits, refReads, pinnedReads, expiredPins);
    assertThat(commits).isPositive();
  }
}
