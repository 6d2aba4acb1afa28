package dev.floe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.MlEvents;
import dev.floe.catalog.testing.TempWarehouse;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ledger a Spark compaction carries stays the newest one, also when an append moved it while
 * Spark rewrote (simulated here: the rewrite snapshot names the ledger below the last append).
 */
class SparkLedgerTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Table table;

  @BeforeEach
  void twoAppendsWithLedgers() {
    table =
        temp.floe()
            .tables()
            .createIfAbsent("db.events", MlEvents.SCHEMA, PartitionSpec.unpartitioned());
    append("ledger-1", 0);
    append("ledger-2", 10);
  }

  @Test
  void aRewriteNamingAnOlderLedgerIsFollowedByOneNamingTheNewest() {
    Snapshot stale = maintenance(ledger("ledger-1"));

    SparkLedger.ensureCarried(table, "main", stale, ledger("ledger-1"));

    table.refresh();
    Snapshot head = table.currentSnapshot();
    assertThat(head.snapshotId()).isNotEqualTo(stale.snapshotId());
    assertThat(head.parentId()).isEqualTo(stale.snapshotId());
    assertThat(head.summary()).containsEntry(SparkLedger.LEDGER, "ledger-2");
    assertThat(SparkLedger.carry(table, head)).isEqualTo(ledger("ledger-2"));
  }

  @Test
  void aRewriteNamingTheNewestLedgerIsLeftAsItIs() {
    Snapshot carried = maintenance(ledger("ledger-2"));

    SparkLedger.ensureCarried(table, "main", carried, ledger("ledger-2"));

    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(carried.snapshotId());
  }

  @Test
  void carriesASparkMaintenanceLedgerOnceTheAppendsBelowHaveExpired() {
    Snapshot carried = maintenance(ledger("ledger-2"));
    table.expireSnapshots().expireOlderThan(carried.timestampMillis()).retainLast(1).commit();
    table.refresh();
    assertThat(table.snapshots()).hasSize(1);

    assertThat(SparkLedger.carry(table, table.currentSnapshot())).isEqualTo(ledger("ledger-2"));
  }

  @Test
  void aStaleRewriteOnABranchIsRepairedOnThatBranchLeavingMainAsItIs() {
    long main = table.currentSnapshot().snapshotId();
    table.manageSnapshots().createBranch("exp", main).commit();
    appendTo("exp", "ledger-3", 20);
    Snapshot stale = maintenanceOn("exp", ledger("ledger-2"));
    appendTo("exp", "ledger-4", 30); // lands between the rewrite and the check: newer above
    table.refresh();
    long moved = table.snapshot("exp").snapshotId();

    SparkLedger.ensureCarried(table, "exp", stale, ledger("ledger-2"));

    table.refresh();
    assertThat(table.snapshot("exp").snapshotId()).isEqualTo(moved);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(main);
  }

  @Test
  void aRewriteOnABranchNamingAnOlderLedgerIsFollowedByAnEmptyAppendThere() {
    long main = table.currentSnapshot().snapshotId();
    table.manageSnapshots().createBranch("exp", main).commit();
    appendTo("exp", "ledger-3", 20);
    Snapshot stale = maintenanceOn("exp", ledger("ledger-2"));

    SparkLedger.ensureCarried(table, "exp", stale, ledger("ledger-2"));

    table.refresh();
    Snapshot head = table.snapshot("exp");
    assertThat(head.parentId()).isEqualTo(stale.snapshotId());
    assertThat(head.operation()).isEqualTo("append");
    assertThat(head.addedDataFiles(table.io())).isEmpty();
    assertThat(head.summary()).containsEntry(SparkLedger.LEDGER, "ledger-3");
    assertThat(SparkLedger.carry(table, head)).isEqualTo(ledger("ledger-3"));
    assertThat(GenericData.read(table, "exp")).hasSize(30);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(main);
  }

  @Test
  void carriesTheNewestLedgerBelowTheHead() {
    assertThat(SparkLedger.carry(table, table.currentSnapshot())).isEqualTo(ledger("ledger-2"));
  }

  private void append(String ledger, long from) {
    table
        .newAppend()
        .appendFile(
            GenericData.write(
                    table, FileFormat.PARQUET, FloeSparkReadTest.rows(table, from, from + 10))
                .get(0))
        .set(SparkLedger.LEDGER, ledger)
        .set(SparkLedger.LEDGER_SHA256, "sha-" + ledger)
        .commit();
  }

  private void appendTo(String branch, String ledger, long from) {
    table
        .newAppend()
        .appendFile(
            GenericData.write(
                    table, FileFormat.PARQUET, FloeSparkReadTest.rows(table, from, from + 10))
                .get(0))
        .set(SparkLedger.LEDGER, ledger)
        .set(SparkLedger.LEDGER_SHA256, "sha-" + ledger)
        .toBranch(branch)
        .commit();
  }

  // A Spark maintenance snapshot on a branch (a data-less commit carrying the marker).
  private Snapshot maintenanceOn(String branch, Map<String, String> named) {
    var update = table.newFastAppend().toBranch(branch).set(SparkLedger.MARKER, "m-" + branch);
    named.forEach(update::set);
    update.commit();
    table.refresh();
    return table.snapshot(branch);
  }

  private Snapshot maintenance(Map<String, String> named) {
    var update = table.rewriteManifests().rewriteIf(manifest -> false).set(SparkLedger.MARKER, "m");
    named.forEach(update::set);
    update.commit();
    table.refresh();
    return table.currentSnapshot();
  }

  private static Map<String, String> ledger(String file) {
    return Map.of(SparkLedger.LEDGER, file, SparkLedger.LEDGER_SHA256, "sha-" + file);
  }
}
