package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.SchemaEvolutionException;
import dev.floe.catalog.internal.CarriedLedger;
import dev.floe.catalog.testing.TempWarehouse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GroupCommitTest {
  private static final int ROWS = 20;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.createUnpartitioned(floe);
  }

  @Test
  void sixteenProducersShareOneWriterAndFewSnapshots() throws Exception {
    int producers = 16;
    int batches = 200;
    ExecutorService pool = Executors.newFixedThreadPool(producers);
    List<Future<List<AppendResult>>> futures = new ArrayList<>();
    WriterMetrics metrics;
    try (TableWriter writer = groupWriter()) {
      for (int p = 0; p < producers; p++) {
        String producer = "producer-" + p;
        long firstId = (long) p * batches * ROWS;
        futures.add(
            pool.submit(
                () -> {
                  List<AppendResult> results = new ArrayList<>();
                  for (int seq = 0; seq < batches; seq++) {
                    Batch batch = Events.batch(seq, firstId + (long) seq * ROWS, ROWS);
                    results.add(
                        writer.append(
                            Batch.of(seq, batch.schema(), batch.records()).forProducer(producer)));
                  }
                  return results;
                }));
      }
      List<AppendResult> results = new ArrayList<>();
      for (Future<List<AppendResult>> future : futures) {
        results.addAll(future.get(120, TimeUnit.SECONDS)); // no producer sees an error
      }
      metrics = writer.metrics();
      assertThat(results).hasSize(producers * batches).noneMatch(AppendResult::duplicate);
      // Fewer batches than the metrics' window: the percentiles are of exactly these waits.
      assertNearestRank(results, 0.50, metrics.commitLatencyP50());
      assertNearestRank(results, 0.99, metrics.commitLatencyP99());
    } finally {
      pool.shutdown();
    }

    List<Long> ids = Events.ids(Events.read(table));
    assertThat(ids)
        .containsExactlyElementsOf(
            LongStream.range(0, (long) producers * batches * ROWS).boxed().toList());
    Map<String, Integer> batchesSeen = new HashMap<>();
    int snapshots = 0;
    for (Snapshot snapshot : table.snapshots()) {
      snapshots++;
      addedBy(snapshot)
          .forEach(
              (producer, added) -> {
                for (long seq = 0; seq < batches; seq++) {
                  if (added.contains(seq)) {
                    batchesSeen.merge(producer + "#" + seq, 1, Integer::sum);
                  }
                }
              });
    }
    assertThat(batchesSeen)
        .hasSize(producers * batches)
        .allSatisfy((k, n) -> assertThat(n).isOne());
    assertThat(snapshots).isEqualTo(metrics.commits()).isLessThan(producers * batches / 4);
    assertThat(metrics.rows()).isEqualTo((long) producers * batches * ROWS);
    Map<String, SequenceSet> state = new ProducerLedger("main", Long.MAX_VALUE).state(table);
    for (int p = 0; p < producers; p++) {
      assertThat(state.get("producer-" + p)).hasToString("0-199");
    }
  }

  /**
   * {@code latency} is the nearest-rank percentile {@code share} of the results' waits: one of
   * them, at least {@code share} of them no longer, and fewer than that strictly shorter.
   */
  private static void assertNearestRank(
      List<AppendResult> results, double share, Duration latency) {
    List<Duration> waits = results.stream().map(AppendResult::elapsed).toList();
    long rank = (long) Math.ceil(share * waits.size());
    assertThat(waits).contains(latency);
    assertThat(waits.stream().filter(wait -> wait.compareTo(latency) <= 0).count())
        .isGreaterThanOrEqualTo(rank);
    assertThat(waits.stream().filter(wait -> wait.compareTo(latency) < 0).count()).isLessThan(rank);
  }

  @Test
  void fillGroupsPutsALoneProducersBatchesInOneSnapshot() {
    List<CompletableFuture<AppendResult>> results = new ArrayList<>();
    try (TableWriter writer =
        TableWriter.forTable(table)
            .producerId("bulk")
            .groupCommit(Duration.ofMinutes(10), 64L << 20)
            .fillGroups()
            .build()) {
      for (int seq = 0; seq < 5; seq++) {
        results.add(writer.appendAsync(Events.batch(seq, (long) seq * ROWS, ROWS)));
      }
    } // close commits the group it was still filling
    table.refresh();
    assertThat(results).allMatch(r -> !r.join().duplicate());
    assertThat(table.snapshots()).hasSize(1);
    assertThat(table.currentSnapshot().addedDataFiles(table.io())).hasSize(1);
  }

  @Test
  void badBatchIsRejectedAloneAndTheOthersCommit() {
    List<Record> bad = new ArrayList<>(Events.batch(1, 100, 5).records());
    bad.get(3).setField("id", null);
    List<CompletableFuture<AppendResult>> good = new ArrayList<>();
    CompletableFuture<AppendResult> rejected;
    try (TableWriter writer = groupWriter()) {
      good.add(writer.appendAsync(Events.batch(0, 0, 5)));
      rejected = writer.appendAsync(Batch.of(1, Events.SCHEMA, bad).forProducer("p"));
      good.add(writer.appendAsync(Events.batch(2, 200, 5)));
    }
    assertThat(good).allMatch(f -> f.isDone() && !f.join().duplicate());
    assertThatThrownBy(rejected::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(SchemaEvolutionException.class)
        .hasMessageContaining("row 3 column 'id' is null");
    assertThat(Events.ids(Events.read(table)))
        .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 200L, 201L, 202L, 203L, 204L);
  }

  @Test
  void batchCommittedElsewhereLeavesTheGroupAndTheRestCommits() {
    try (TableWriter group = groupWriter()) {
      // Another service commits p's batch 5 after the group writer last looked at the table: only
      // the commit-time check against the branch head can catch it.
      Table other = floe.tables().load("ml.flat_events");
      try (TableWriter elsewhere = TableWriter.forTable(other).producerId("p").build()) {
        elsewhere.append(Events.batch(5, 0, ROWS));
      }
      CompletableFuture<AppendResult> again = group.appendAsync(Events.batch(5, 0, ROWS));
      CompletableFuture<AppendResult> fresh =
          group.appendAsync(
              Batch.of(0, Events.SCHEMA, Events.batch(0, 1000, ROWS).records()).forProducer("q"));
      CompletableFuture<AppendResult> twice = group.appendAsync(Events.batch(6, 2000, ROWS));
      CompletableFuture<AppendResult> twiceAgain = group.appendAsync(Events.batch(6, 2000, ROWS));

      assertThat(again.join().duplicate()).isTrue();
      assertThat(fresh.join().duplicate()).isFalse();
      assertThat(List.of(twice.join().duplicate(), twiceAgain.join().duplicate()))
          .containsExactlyInAnyOrder(true, false);
      assertThat(group.metrics().duplicates()).isEqualTo(2);
    }
    assertThat(Events.ids(Events.read(table))).hasSize(3 * ROWS).doesNotHaveDuplicates();
    table.refresh();
    assertThat(new ProducerLedger("main", Long.MAX_VALUE).state(table))
        .hasEntrySatisfying("p", set -> assertThat(set).hasToString("5-6"))
        .hasEntrySatisfying("q", set -> assertThat(set).hasToString("0"));
  }

  @Test
  void aProducerFasterThanTheCommitsIsHeldBackInsteadOfQueueingWithoutBound() {
    int batches = 60;
    int mostOutstanding = 0;
    List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
    // A group holds one batch (1 byte bound), and at most two bytes' worth may wait behind it.
    try (TableWriter writer =
        TableWriter.forTable(table).producerId("p").groupCommit(Duration.ZERO, 1).build()) {
      for (int seq = 0; seq < batches; seq++) {
        futures.add(writer.appendAsync(Events.batch(seq, (long) seq * ROWS, ROWS)));
        mostOutstanding =
            Math.max(mostOutstanding, (int) futures.stream().filter(f -> !f.isDone()).count());
      }
    }
    assertThat(futures).allMatch(f -> !f.join().duplicate());
    // Queued (two at most), the group being committed, and the one just appended.
    assertThat(mostOutstanding).isBetween(1, 4);
    table.refresh();
    assertThat(Events.ids(Events.read(table))).hasSize(batches * ROWS).doesNotHaveDuplicates();
  }

  private TableWriter groupWriter() {
    return TableWriter.forTable(table)
        .producerId("p")
        .groupCommit(Duration.ofMillis(50), 64L * 1024 * 1024)
        .build();
  }

  /** The batches {@code snapshot} added, by producer: its ledger's entries of its generation. */
  private Map<String, SequenceSet> addedBy(Snapshot snapshot) {
    CarriedLedger.Pointer pointer = CarriedLedger.Pointer.of(snapshot.summary());
    Map<String, SequenceSet> added = new HashMap<>();
    if (pointer != null) {
      LedgerFile.Ledger ledger = LedgerFile.read(table.io(), pointer);
      ledger
          .entries()
          .forEach(
              (producer, entry) -> {
                if (entry.generation() == ledger.generation()) {
                  added.put(producer, entry.added());
                }
              });
    }
    return added;
  }
}
