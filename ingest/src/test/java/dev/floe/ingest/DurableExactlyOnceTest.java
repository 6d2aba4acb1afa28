package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.compaction.Compaction;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once that does not depend on snapshot history: the head's ledger file holds the state.
 */
class DurableExactlyOnceTest {
  private static final int ROWS = 10;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.createUnpartitioned(floe);
  }

  @Test
  void reSentBatchIsDuplicateAfterHistoryExpired() {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      for (long seq = 0; seq < 5; seq++) {
        writer.append(Events.batch(seq, seq * ROWS, ROWS));
      }
    }
    expireAllButHead();
    Snapshot head = table.currentSnapshot();
    assertThat(table.snapshots()).hasSize(1);

    Table reloaded = floe.tables().load("ml.flat_events");
    try (TableWriter restarted = TableWriter.forTable(reloaded).producerId("p").build()) {
      assertThat(restarted.lastCommittedSequence()).isEqualTo(4);
      AppendResult replay = restarted.append(Events.batch(1, 1000, ROWS));

      assertThat(replay.duplicate()).isTrue();
      assertThat(replay.snapshotId()).isEqualTo(head.snapshotId());
      assertThat(restarted.metrics().commits()).isZero();
    }
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(head.snapshotId());
    assertThat(Events.read(table)).hasSize(5 * ROWS);
  }

  @Test
  void outOfOrderSequencesAreRememberedAcrossExpiry() {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      for (long seq : new long[] {0, 1, 2, 5, 7}) {
        writer.append(Events.batch(seq, seq * ROWS, ROWS));
      }
      assertThat(committed("p")).isEqualTo("0-2,5,7");
      expireAllButHead();

      assertThat(writer.append(Events.batch(3, 3 * ROWS, ROWS)).duplicate()).isFalse();
      assertThat(writer.append(Events.batch(5, 5 * ROWS, ROWS)).duplicate()).isTrue();
      assertThat(writer.append(Events.batch(7, 7 * ROWS, ROWS)).duplicate()).isTrue();
      assertThat(writer.append(Events.batch(6, 6 * ROWS, ROWS)).duplicate()).isFalse();
      assertThat(writer.append(Events.batch(4, 4 * ROWS, ROWS)).duplicate()).isFalse();

      assertThat(committed("p")).isEqualTo("0-7");
      assertThat(headSummary(IngestProperties.BATCH_SEQUENCE)).isEqualTo("4");
      assertThat(writer.lastCommittedSequence()).isEqualTo(7);
    }
    assertThat(Events.ids(Events.read(table))).hasSize(8 * ROWS).doesNotHaveDuplicates();
  }

  @Test
  void everyProducerIsCarriedForwardPastOtherSnapshots() {
    try (TableWriter p = TableWriter.forTable(table).producerId("p").build();
        TableWriter q = TableWriter.forTable(table).producerId("q").build()) {
      p.append(Events.batch(0, 0, ROWS));
      q.append(Events.batch(3, 100, ROWS));
    }
    // A snapshot by another tool (no Floe state) on top, then expiry of everything below it.
    GenericData.append(table, "main", FileFormat.PARQUET, Events.batch(0, 200, 1).records());
    table.refresh();
    assertThat(table.currentSnapshot().summary()).doesNotContainKey(IngestProperties.LEDGER);
    table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(2).commit();

    try (TableWriter p =
        TableWriter.forTable(floe.tables().load("ml.flat_events")).producerId("p").build()) {
      assertThat(p.lastCommittedSequence("q")).isEqualTo(3);
      assertThat(p.append(Events.batch(0, 0, ROWS)).duplicate()).isTrue();
      assertThat(
              p.append(Batch.of(3, Events.SCHEMA, Events.batch(3, 0, 1).records()).forProducer("q"))
                  .duplicate())
          .isTrue();
      assertThat(p.append(Events.batch(1, 300, ROWS)).duplicate()).isFalse();
    }
    assertThat(committed("p")).isEqualTo("0-1");
    assertThat(committed("q")).isEqualTo("3");
    assertThat(Events.read(table)).hasSize(3 * ROWS + 1);
  }

  @Test
  void sequenceSetNeverClosesGaps() {
    SequenceSet set = SequenceSet.EMPTY;
    for (long seq : new long[] {9, 3, 4, 1, 5, 12}) {
      set = set.with(seq);
    }
    assertThat(set).hasToString("1,3-5,9,12");
    assertThat(SequenceSet.parse(set.toString())).hasToString("1,3-5,9,12");
    assertThat(set.contains(4)).isTrue();
    assertThat(set.contains(2)).isFalse();
    assertThat(set.max()).isEqualTo(12);
    SequenceSet gaps = SequenceSet.EMPTY;
    for (long seq = 1; seq <= 201; seq += 2) {
      gaps = gaps.with(seq);
    }
    assertThat(gaps.ranges()).isEqualTo(101);
    assertThat(gaps.contains(2)).isFalse();
    assertThat(gaps.with(2).ranges()).isEqualTo(100);
    assertThat(SequenceSet.parse("not ranges")).isNull();
  }

  @Test
  void reSentBatchIsDuplicateAfterCompactionAndExpiryLeftOnlyTheCompactionSnapshot() {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      for (long seq = 0; seq < 5; seq++) {
        writer.append(Events.batch(seq, seq * ROWS, ROWS));
      }
    }
    Compaction.binPack(table).minInputFiles(2).commit();
    expireAllButHead();
    assertThat(table.snapshots()).hasSize(1);
    assertThat(headSummary(IngestProperties.LEDGER)).isNotNull();

    // Another producer appends on top: the walk passes its append, then the carried ledger.
    try (TableWriter other = TableWriter.forTable(table).producerId("q").build()) {
      other.append(Events.batch(0, 5000, ROWS));
    }
    Table reloaded = floe.tables().load("ml.flat_events");
    try (TableWriter restarted = TableWriter.forTable(reloaded).producerId("p").build()) {
      assertThat(restarted.lastCommittedSequence()).isEqualTo(4);
      assertThat(restarted.append(Events.batch(3, 1000, ROWS)).duplicate()).isTrue();
    }
    table.refresh();
    assertThat(Events.ids(Events.read(table))).hasSize(6 * ROWS).doesNotHaveDuplicates();
  }

  private void expireAllButHead() {
    table.refresh();
    table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(1).commit();
    table.refresh();
  }

  private String committed(String producer) {
    table.refresh();
    return new ProducerLedger("main", Long.MAX_VALUE).state(table).get(producer).toString();
  }

  private String headSummary(String key) {
    table.refresh();
    return table.currentSnapshot().summary().get(key);
  }
}
