package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.catalog.testing.WallClock;
import dev.floe.compaction.Compaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exactly-once ledger lives in a file the table metadata references as a statistics file, not
 * in snapshot summaries: metadata stays small however many producers there are, orphan removal and
 * expiry keep the live ledger, gaps stay open.
 */
class BoundedLedgerTest {
  private static final int PRODUCERS = 10_000;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.createUnpartitioned(floe);
  }

  @Test
  void tenThousandProducersLeaveTheSummaryAndMetadataSmallAndDedupIntact() throws IOException {
    List<CompletableFuture<AppendResult>> results = new ArrayList<>();
    try (TableWriter writer = groupWriter()) {
      for (int p = 0; p < PRODUCERS; p++) {
        results.add(writer.appendAsync(batchOf("producer-" + p, 0, p)));
      }
      results.forEach(CompletableFuture::join);
    }
    assertThat(results).noneMatch(r -> r.join().duplicate());
    table.refresh();

    Map<String, String> summary = table.currentSnapshot().summary();
    assertThat(summary.keySet())
        .noneMatch(key -> key.startsWith(IngestProperties.COMMITTED_PREFIX))
        .noneMatch(key -> key.startsWith(IngestProperties.BATCHES_PREFIX))
        .contains(IngestProperties.LEDGER, IngestProperties.LEDGER_SHA256);
    assertThat(Files.size(metadataJson())).isLessThan(64 * 1024);
    StatisticsFile stats = currentStatistics();
    assertThat(stats.path()).isEqualTo(summary.get(IngestProperties.LEDGER));
    assertThat(stats.blobMetadata()).isEmpty(); // no blob type other readers would not know

    try (TableWriter writer = TableWriter.forTable(reload()).producerId("any").build()) {
      long snapshots = countSnapshots();
      AppendResult resent = writer.append(batchOf("producer-7777", 0, 7777));
      assertThat(resent.duplicate()).isTrue();
      assertThat(writer.lastCommittedSequence("producer-9999")).isZero();
      assertThat(countSnapshots()).isEqualTo(snapshots);
    }
    assertThat(Events.read(reload())).hasSize(PRODUCERS);
  }

  @Test
  void aLateBatchInAGapIsAppendedHoweverManyGapsThereAre() {
    List<CompletableFuture<AppendResult>> results = new ArrayList<>();
    try (TableWriter writer = groupWriter()) {
      for (long seq = 1; seq <= 201; seq += 2) {
        results.add(writer.appendAsync(batchOf("p", seq, seq)));
      }
      results.forEach(CompletableFuture::join);
      assertThat(results).noneMatch(r -> r.join().duplicate());

      AppendResult late = writer.append(batchOf("p", 2, 2));
      assertThat(late.duplicate()).isFalse();
      assertThat(writer.append(batchOf("p", 2, 2)).duplicate()).isTrue();
      assertThat(writer.append(batchOf("p", 101, 101)).duplicate()).isTrue();
    }
    assertThat(Events.ids(Events.read(reload()))).hasSize(102).doesNotHaveDuplicates().contains(2L);
  }

  @Test
  void orphanRemovalExpiryAndCompactionKeepTheLiveLedger() throws IOException {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      for (long seq = 0; seq < 5; seq++) {
        writer.append(batchOf("p", seq, seq));
      }
    }
    assertThat(ledgerFiles()).hasSize(5);
    Compaction.binPack(table).minInputFiles(2).commit();
    table.refresh();
    String carried = table.currentSnapshot().summary().get(IngestProperties.LEDGER);
    assertThat(currentStatistics().path()).isEqualTo(carried);

    table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(1).commit();
    table.refresh();
    assertThat(ledgerFiles()).containsExactly(Path.of(carried.replaceFirst("^file:", "")));

    Compaction.removeOrphans(table).olderThan(Duration.ZERO).deleteOrphans();
    assertThat(ledgerFiles()).hasSize(1);

    try (TableWriter writer = TableWriter.forTable(reload()).producerId("p").build()) {
      assertThat(writer.append(batchOf("p", 3, 3)).duplicate()).isTrue();
      assertThat(writer.append(batchOf("p", 5, 5)).duplicate()).isFalse();
    }
    assertThat(Events.ids(Events.read(reload()))).hasSize(6).doesNotHaveDuplicates();
  }

  @Test
  void aSummaryLedgerOfAnEarlierFloeIsReadAndMovedIntoAFile() {
    // What an earlier Floe wrote: the whole state in summary keys.
    AppendFiles earlier =
        table
            .newAppend()
            .set(IngestProperties.COMMITTED_PREFIX + "p", "0-4,9")
            .set(IngestProperties.COMMITTED_PREFIX + "q", "0");
    GenericData.write(table, FileFormat.PARQUET, batchOf("p", 0, 0).records())
        .forEach(earlier::appendFile);
    earlier.commit();
    try (TableWriter writer = TableWriter.forTable(reload()).producerId("p").build()) {
      assertThat(writer.append(batchOf("p", 3, 3)).duplicate()).isTrue();
      assertThat(writer.append(batchOf("p", 5, 5)).duplicate()).isFalse();
      assertThat(writer.append(batchOf("q", 0, 0)).duplicate()).isTrue();
      assertThat(writer.append(batchOf("p", 9, 9)).duplicate()).isTrue();
    }
    table.refresh();
    assertThat(table.currentSnapshot().summary().keySet())
        .noneMatch(key -> key.startsWith(IngestProperties.COMMITTED_PREFIX));
    assertThat(new ProducerLedger("main", Long.MAX_VALUE).state(table))
        .containsOnlyKeys("p", "q")
        .hasEntrySatisfying("p", set -> assertThat(set).hasToString("0-5,9"));
  }

  @Test
  void aProducerIdleLongerThanTheRetentionIsForgotten() {
    table.updateProperties().set(IngestProperties.LEDGER_IDLE_PRODUCER_RETENTION_MS, "50").commit();
    try (TableWriter writer = TableWriter.forTable(reload()).producerId("p").build()) {
      writer.append(batchOf("p", 0, 0));
      // The ledger stamped p no later than now: once 50 ms more have passed, p is idle.
      WallClock.waitPast(System.currentTimeMillis() + 50);
      writer.append(batchOf("q", 0, 1));
      assertThat(writer.lastCommittedSequence("p")).isEqualTo(-1);
      assertThat(writer.lastCommittedSequence("q")).isZero();
    }
    table.updateProperties().set(IngestProperties.LEDGER_IDLE_PRODUCER_RETENTION_MS, "0").commit();
    assertThatThrownBy(() -> TableWriter.forTable(reload()).producerId("p").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(IngestProperties.LEDGER_IDLE_PRODUCER_RETENTION_MS);
  }

  @Test
  void anAppendThatLandsMeanwhileIsKeptInTheNextLedger() {
    // The group commit thread stages on the table as its handle last saw it: here, stale.
    try (TableWriter stale = groupWriter()) {
      stale.append(batchOf("p", 0, 0));
      try (TableWriter other =
          TableWriter.forTable(floe.tables().load("ml.flat_events")).producerId("q").build()) {
        other.append(batchOf("q", 0, 1));
      }
      assertThat(stale.append(batchOf("p", 1, 2)).duplicate()).isFalse();
    }
    Map<String, SequenceSet> state = new ProducerLedger("main", Long.MAX_VALUE).state(reload());
    assertThat(state.get("q")).hasToString("0");
    assertThat(state.get("p")).hasToString("0-1");
    try (TableWriter writer = TableWriter.forTable(table).producerId("q").build()) {
      assertThat(writer.append(batchOf("q", 0, 1)).duplicate()).isTrue();
    }
    assertThat(Events.ids(Events.read(reload()))).containsExactlyInAnyOrder(0L, 1L, 2L);
  }

  private TableWriter groupWriter() {
    return TableWriter.forTable(table)
        .producerId("group")
        .groupCommit(Duration.ofMillis(20), 64L * 1024 * 1024)
        .build();
  }

  private static Batch batchOf(String producer, long sequence, long id) {
    Batch rows = Events.batch(sequence, id, 1);
    return Batch.of(sequence, rows.schema(), rows.records()).forProducer(producer);
  }

  private Table reload() {
    table = floe.tables().load("ml.flat_events");
    return table;
  }

  private long countSnapshots() {
    table.refresh();
    long n = 0;
    for (var ignored : table.snapshots()) {
      n++;
    }
    return n;
  }

  private Path metadataJson() {
    String location = ((HasTableOperations) table).operations().current().metadataFileLocation();
    return Path.of(location.replaceFirst("^file:", ""));
  }

  private StatisticsFile currentStatistics() {
    long id = table.currentSnapshot().snapshotId();
    return table.statisticsFiles().stream()
        .filter(s -> s.snapshotId() == id)
        .findFirst()
        .orElseThrow();
  }

  private List<Path> ledgerFiles() throws IOException {
    try (Stream<Path> files = Files.list(metadataJson().getParent())) {
      return files.filter(f -> f.getFileName().toString().startsWith("floe-ledger-")).toList();
    }
  }
}
