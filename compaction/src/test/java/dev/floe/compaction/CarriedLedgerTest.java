package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.internal.CarriedLedger;
import dev.floe.catalog.testing.TempWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.GenericStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.puffin.Blob;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Maintenance snapshots carry the ingest writers' exactly-once ledger, so expiring the appends
 * below them does not forget which batches were committed: the ledger file the branch head names
 * when they commit, or (tables of earlier Floe versions) the summary ledger.
 */
class CarriedLedgerTest {
  private static final String LEDGER = CarriedLedger.COMMITTED_PREFIX + "clicks";

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.create(floe, "ml.events", FileFormat.PARQUET);
  }

  @Test
  void compactionCarriesTheNewestAppendsLedger() {
    long id = Events.append(table, "main", 0, 20, "a");
    id = Events.append(table, "main", id, 20, "a");
    ledger("0-1");
    Events.append(table, "main", id, 20, "a"); // a later append by another tool: no ledger

    Compaction.binPack(table).minInputFiles(2).commit();

    Map<String, String> summary = table.currentSnapshot().summary();
    assertThat(summary).containsEntry(LEDGER, "0-1").containsEntry(CarriedLedger.CARRIED, "true");
  }

  @Test
  void aCarriedLedgerDoesNotHideAppendsCommittedBelowIt() {
    long id = Events.append(table, "main", 0, 20, "a");
    id = Events.append(table, "main", id, 20, "a");
    ledger("0-1");
    Compaction.binPack(table).minInputFiles(2).commit(); // carries 0-1
    ledger("0-2");
    Events.append(table, "main", id, 20, "a");
    Events.append(table, "main", id + 20, 20, "a");
    table.refresh();

    Compaction.binPack(table).minInputFiles(2).commit();

    assertThat(table.currentSnapshot().summary()).containsEntry(LEDGER, "0-2");
  }

  @Test
  void onceTheAppendsExpiredTheCarriedLedgerIsWhatRemains() {
    long id = Events.append(table, "main", 0, 20, "a");
    Events.append(table, "main", id, 20, "a");
    ledger("0-5");
    Compaction.binPack(table).minInputFiles(2).commit();
    table
        .expireSnapshots()
        .expireOlderThan(Instant.now().toEpochMilli() + 1)
        .retainLast(1)
        .commit();
    table.refresh();
    assertThat(table.snapshots()).hasSize(1);

    Compaction.rewriteManifests(table).minManifests(1).commit();

    table.refresh();
    assertThat(CarriedLedger.from(table, table.currentSnapshot())).containsEntry(LEDGER, "0-5");
    assertThat(table.currentSnapshot().summary()).containsEntry(LEDGER, "0-5");
  }

  @Test
  void compactionCarriesTheLedgerFileTheBranchHeadNamesWhenItCommits() throws IOException {
    long id = Events.append(table, "main", 0, 20, "a");
    Events.append(table, "main", id, 20, "a");
    ledgerFile();
    List<String> landed = new ArrayList<>();

    Compaction.binPack(table)
        .minInputFiles(2)
        .beforeCommit(
            () -> {
              if (landed.isEmpty()) {
                landed.add(ledgerFile()); // an append lands after the plan
              }
            })
        .commit();

    table.refresh();
    Snapshot head = table.currentSnapshot();
    assertThat(head.summary())
        .containsEntry(CarriedLedger.LEDGER, landed.get(0))
        .doesNotContainKey(CarriedLedger.CARRIED);
    assertThat(table.statisticsFiles())
        .filteredOn(stats -> stats.snapshotId() == head.snapshotId())
        .extracting(StatisticsFile::path)
        .containsExactly(landed.get(0));
    assertThat(CarriedLedger.from(table, head)).isEmpty(); // no summary ledger to copy
  }

  // What Floe's table writer does with each append, without its content: a Puffin file that the
  // summary names and the snapshot registers as its statistics file.
  private String ledgerFile() {
    String location = table.location() + "/metadata/floe-ledger-" + UUID.randomUUID() + ".puffin";
    PuffinWriter writer =
        Puffin.write(table.io().newOutputFile(location)).createdBy("test").build();
    try (writer) {
      writer.add(new Blob("floe-test", List.of(), -1, -1, ByteBuffer.wrap(new byte[] {1})));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Transaction txn = table.newTransaction();
    txn.newFastAppend().set(CarriedLedger.LEDGER, location).commit();
    long snapshotId = txn.table().currentSnapshot().snapshotId();
    txn.updateStatistics()
        .setStatistics(
            new GenericStatisticsFile(
                snapshotId, location, writer.fileSize(), writer.footerSize(), List.of()))
        .commit();
    txn.commitTransaction();
    table.refresh();
    return location;
  }

  // What Floe's table writer records with each append (here on an empty snapshot of its own).
  private void ledger(String committed) {
    table.newFastAppend().set(LEDGER, committed).commit();
    table.refresh();
  }
}
