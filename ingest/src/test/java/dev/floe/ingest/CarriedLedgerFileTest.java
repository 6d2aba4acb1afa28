package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.compaction.Compaction;
import dev.floe.compaction.RetentionResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every snapshot Floe commits on a branch names the ledger file and registers it as its statistics
 * file: maintenance snapshots and a published experiment keep exactly-once after expiry.
 */
class CarriedLedgerFileTest {
  private static final int ROWS = 24;

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  @TempDir Path cold;
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.create(floe);
  }

  @Test
  void manifestRewriteTieringAndPartitionTtlCarryTheLedgerFile() {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      for (long seq = 0; seq < 4; seq++) {
        writer.append(Events.batch(seq, seq * ROWS, ROWS));
      }
    }
    table.refresh();
    String ledger = table.currentSnapshot().summary().get(IngestProperties.LEDGER);

    assertThat(Compaction.rewriteManifests(table).commit().snapshotId()).isNotNull();
    assertCarries(ledger);
    assertThat(
            Compaction.tier(table)
                .coldLocation(cold.toString())
                .coldAfter(Duration.ofDays(7))
                .now(Events.DAY_ONE.toInstant().plus(Duration.ofDays(3650)))
                .commit()
                .snapshotId())
        .isNotNull();
    assertCarries(ledger);
    assertThat(
            Compaction.expirePartitions(table)
                .column("event_ts")
                .olderThan(Duration.ofDays(1))
                .now(Events.DAY_ONE.toInstant().plus(Duration.ofDays(2)))
                .commit()
                .deletedFiles())
        .isPositive();
    assertCarries(ledger);

    table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(1).commit();
    try (TableWriter writer =
        TableWriter.forTable(floe.tables().load("ml.events")).producerId("p").build()) {
      assertThat(writer.append(Events.batch(2, 2 * ROWS, ROWS)).duplicate()).isTrue();
      assertThat(writer.append(Events.batch(4, 4 * ROWS, ROWS)).duplicate()).isFalse();
    }
  }

  @Test
  void aPublishedExperimentKeepsItsLedgerOnMain() {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      writer.append(Events.batch(0, 0, ROWS));
    }
    floe.experiments().create("exp-1").tables("ml.events").commit();
    try (TableWriter writer =
        TableWriter.forTable(floe.tables().load("ml.events"))
            .toBranch("exp-1")
            .producerId("p")
            .build()) {
      writer.append(Events.batch(1, ROWS, ROWS));
      writer.append(Events.batch(2, 2 * ROWS, ROWS));
    }
    floe.experiments().merge("exp-1");
    floe.experiments().drop("exp-1");

    table = floe.tables().load("ml.events");
    table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(1).commit();
    try (TableWriter writer =
        TableWriter.forTable(floe.tables().load("ml.events")).producerId("p").build()) {
      assertThat(writer.lastCommittedSequence()).isEqualTo(2);
      assertThat(writer.append(Events.batch(1, ROWS, ROWS)).duplicate()).isTrue();
    }
    assertThat(Events.ids(Events.read(floe.tables().load("ml.events"))))
        .hasSize(3 * ROWS)
        .doesNotHaveDuplicates();
  }

  @Test
  void expiryDeletesOlderLedgerFilesWithoutCountingThemAsData() throws IOException {
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      for (long seq = 0; seq < 4; seq++) {
        writer.append(Events.batch(seq, seq * ROWS, ROWS));
      }
    }
    RetentionResult result =
        Compaction.expireSnapshots(table)
            .maxSnapshotAge(Duration.ZERO)
            .minSnapshotsToKeep(1)
            .now(Instant.now().plusSeconds(1))
            .commit();

    assertThat(result.expiredSnapshots()).isEqualTo(3);
    assertThat(result.deletedDataFiles()).isZero(); // appends only: no data file is unreachable
    table.refresh();
    Path metadata = Path.of(table.location().replaceFirst("^file:", ""), "metadata");
    try (Stream<Path> files = Files.list(metadata)) {
      assertThat(
              files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("floe-ledger-")))
          .containsExactly(
              Path.of(table.currentSnapshot().summary().get(IngestProperties.LEDGER))
                  .getFileName()
                  .toString());
    }
  }

  /** The branch head names {@code ledger} and registers it as its statistics file. */
  private void assertCarries(String ledger) {
    table.refresh();
    Snapshot head = table.currentSnapshot();
    Map<String, String> summary = head.summary();
    assertThat(summary).containsEntry(IngestProperties.LEDGER, ledger);
    assertThat(table.statisticsFiles())
        .filteredOn(s -> s.snapshotId() == head.snapshotId())
        .extracting(StatisticsFile::path)
        .containsExactly(ledger);
  }
}
