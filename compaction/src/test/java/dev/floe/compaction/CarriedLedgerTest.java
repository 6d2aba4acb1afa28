package dev.floe.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.internal.CarriedLedger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance snapshots carry the ingest writers' exactly-once ledger, so expiring the appends
 * below them does not forget which batches were committed.
 */
class CarriedLedgerTest {
  private static final String LEDGER = CarriedLedger.COMMITTED_PREFIX + "clicks";

  @TempDir Path warehouse;
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = Floe.open(FloeConfig.embedded(warehouse));
    table = Events.create(floe, "ml.events", FileFormat.PARQUET);
  }

  @AfterEach
  void close() {
    floe.close();
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

  // What Floe's table writer records with each append (here on an empty snapshot of its own).
  private void ledger(String committed) {
    table.newFastAppend().set(LEDGER, committed).commit();
    table.refresh();
  }
}
