package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExactlyOnceTest {
  private static final int ROWS = 20;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.create(floe);
  }

  @Test
  void duplicateSequenceIsNotAppendedTwice() {
    Batch batch = Events.batch(3, 0, ROWS);
    AppendResult first;
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      first = writer.append(batch);
      AppendResult again = writer.append(batch);

      assertThat(again.duplicate()).isTrue();
      assertThat(again.snapshotId()).isEqualTo(first.snapshotId());
      assertThat(again.rows()).isZero();
      assertThat(writer.metrics().duplicates()).isEqualTo(1);
      assertThat(writer.metrics().commits()).isEqualTo(1);
    }

    // A restarted producer: a new writer with the same id, on a fresh table handle.
    Table reloaded = floe.tables().load("ml.events");
    try (TableWriter restarted = TableWriter.forTable(reloaded).producerId("p").build()) {
      assertThat(restarted.lastCommittedSequence()).isEqualTo(3);
      AppendResult replay = restarted.append(batch);
      assertThat(replay.duplicate()).isTrue();
      assertThat(replay.snapshotId()).isEqualTo(first.snapshotId());
    }
    assertThat(Events.read(table)).hasSize(ROWS);
  }

  @Test
  void earlierUncommittedSequenceAndOtherProducersAreNotDuplicates() {
    try (TableWriter p = TableWriter.forTable(table).producerId("p").build();
        TableWriter q = TableWriter.forTable(table).producerId("q").build()) {
      p.append(Events.batch(5, 0, ROWS));
      assertThat(q.append(Events.batch(5, 100, ROWS)).duplicate()).isFalse();
      assertThat(p.append(Events.batch(2, 200, ROWS)).duplicate()).isFalse();
      assertThat(p.append(Events.batch(5, 300, ROWS)).duplicate()).isTrue();
      assertThat(p.lastCommittedSequence()).isEqualTo(5);
      assertThat(q.lastCommittedSequence()).isEqualTo(5);
    }
    assertThat(Events.read(table)).hasSize(3 * ROWS);
  }

  @Test
  void concurrentProducersCommitEveryBatchOnce() throws Exception {
    int producers = 4;
    int batches = 10;
    ExecutorService pool = Executors.newFixedThreadPool(producers);
    List<Future<List<AppendResult>>> futures = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int producer = p;
      // Each producer has its own table handle, as separate services would: their commits race
      // in the catalog and the losers retry.
      Table handle = floe.tables().load("ml.events");
      futures.add(
          pool.submit(
              () -> {
                List<AppendResult> results = new ArrayList<>();
                try (TableWriter writer =
                    TableWriter.forTable(handle).producerId("producer-" + producer).build()) {
                  for (int seq = 0; seq < batches; seq++) {
                    long firstId = (producer * batches + seq) * (long) ROWS;
                    results.add(writer.append(Events.batch(seq, firstId, ROWS)));
                  }
                }
                return results;
              }));
    }
    List<AppendResult> results = new ArrayList<>();
    for (Future<List<AppendResult>> future : futures) {
      results.addAll(future.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();

    assertThat(results).hasSize(producers * batches).noneMatch(AppendResult::duplicate);
    assertEveryRowOnce(producers * batches * ROWS);
    assertEveryBatchOnce(producers, batches);
  }

  @Test
  void threadsSharingOneWriterCommitEveryBatchOnce() throws Exception {
    int threads = 3;
    int batches = 12;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (TableWriter writer = TableWriter.forTable(table).producerId("producer-0").build()) {
      List<Future<AppendResult>> futures = new ArrayList<>();
      // Every batch is sent twice, from different threads: as a retrying client would.
      for (long seq : LongStream.range(0, batches * 2L).map(i -> i % batches).toArray()) {
        futures.add(pool.submit(() -> writer.append(Events.batch(seq, seq * ROWS, ROWS))));
      }
      long duplicates = 0;
      for (Future<AppendResult> future : futures) {
        duplicates += future.get(60, TimeUnit.SECONDS).duplicate() ? 1 : 0;
      }
      assertThat(duplicates).isEqualTo(batches);
      assertThat(writer.metrics().commits()).isEqualTo(batches);
      assertThat(writer.lastCommittedSequence()).isEqualTo(batches - 1);
    }
    pool.shutdown();
    assertEveryRowOnce(batches * ROWS);
    assertEveryBatchOnce(1, batches);
  }

  private void assertEveryRowOnce(int rows) {
    List<Long> ids = Events.ids(Events.read(table));
    assertThat(ids).hasSize(rows).doesNotHaveDuplicates();
    assertThat(ids).containsExactlyElementsOf(LongStream.range(0, rows).boxed().toList());
  }

  private void assertEveryBatchOnce(int producers, int batches) {
    Set<String> seen = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      String key =
          snapshot.summary().get(IngestProperties.PRODUCER_ID)
              + "/"
              + snapshot.summary().get(IngestProperties.BATCH_SEQUENCE);
      assertThat(seen.add(key)).as("batch %s committed once", key).isTrue();
    }
    assertThat(seen).hasSize(producers * batches);
  }
}
