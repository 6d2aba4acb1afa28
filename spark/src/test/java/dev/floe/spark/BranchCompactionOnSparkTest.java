package dev.floe.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.MlEvents;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Compaction on Spark of a branch other than {@code main}: the rewrite, the carried ledger and the
 * repair after a racing append all land on that branch, and {@code main} keeps its snapshot.
 */
@ExtendWith(LocalSpark.class)
class BranchCompactionOnSparkTest {
  private static final String TABLE = "floe.db.events";

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Table table;
  private long main;

  @BeforeEach
  void mainWithTwoBatchesAndABranch() {
    table =
        temp.floe()
            .tables()
            .createIfAbsent("db.events", MlEvents.SCHEMA, PartitionSpec.unpartitioned());
    append(null, 0, 1);
    table.refresh();
    main = table.currentSnapshot().snapshotId();
    table.manageSnapshots().createBranch("exp", main).commit();
  }

  @Test
  void compactsTheBranchCarryingItsLedgerAndLeavesMainAsItIs() {
    append("exp", 2, 5);
    table.refresh();
    String ledger = table.snapshot("exp").summary().get(SparkLedger.LEDGER);
    List<Record> before = GenericData.read(table, "exp");

    List<Object> r = LocalSpark.maintain(settings(), TABLE, "compact@exp", 0);

    assertThat(r.subList(0, 2)).containsExactly(6, 1);
    assertThat(r.get(3)).isEqualTo(true);
    table.refresh();
    Snapshot rewrite = table.snapshot("exp");
    assertThat(rewrite.snapshotId()).isEqualTo(r.get(2));
    assertThat(rewrite.operation()).isEqualTo("replace");
    assertThat(rewrite.summary()).containsEntry(SparkLedger.LEDGER, ledger);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(main);
    assertThat(GenericData.read(table, "main")).hasSize(20);
    List<Record> after = GenericData.read(table, "exp");
    assertThat(after).hasSize(before.size()).hasSize(60);
    assertThat(idSum(after)).isEqualTo(idSum(before));
    assertThat(fileCount("exp")).isEqualTo(1);

    expireAllButHeads();
    assertResentBatchIsADuplicate(4, 6);
  }

  @Test
  void anAppendToTheBranchDuringTheRewriteIsFollowedByTheNewerLedgerOnTheBranch() {
    append("exp", 2, 3);
    LocalSpark.onFirstDataRead(() -> append("exp", 4, 4));
    Map<String, String> racing = new HashMap<>(settings());
    racing.put("spark.sql.catalog.floe.io-impl", RacingFileIO.class.getName());

    List<Object> r = LocalSpark.maintain(racing, TABLE, "compact@exp", 0);

    assertThat(r.subList(0, 2)).containsExactly(4, 1);
    table.refresh();
    Snapshot rewrite = table.snapshot((Long) r.get(2));
    Snapshot raced = table.snapshot(rewrite.parentId());
    Snapshot head = table.snapshot("exp");
    assertThat(raced.summary()).doesNotContainKey(SparkLedger.MARKER);
    assertThat(rewrite.summary().get(SparkLedger.LEDGER))
        .isNotEqualTo(raced.summary().get(SparkLedger.LEDGER));
    assertThat(head.parentId()).isEqualTo(rewrite.snapshotId());
    assertThat(head.operation()).isEqualTo("append");
    assertThat(head.addedDataFiles(table.io())).isEmpty();
    assertThat(head.summary())
        .containsEntry(SparkLedger.LEDGER, raced.summary().get(SparkLedger.LEDGER));
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(main);
    assertThat(GenericData.read(table, "exp")).hasSize(50);

    expireAllButHeads();
    assertResentBatchIsADuplicate(4, 5);
  }

  @Test
  void refusesATagAndAMissingBranchNamingTheBranches() {
    table.manageSnapshots().createTag("floe-pin-1", main).commit();
    int snapshots =
        java.util.stream.StreamSupport.stream(table.snapshots().spliterator(), false)
            .toList()
            .size();

    assertThatThrownBy(() -> LocalSpark.maintain(settings(), TABLE, "compact@floe-pin-1", 0))
        .hasMessageContaining("'floe-pin-1' is a tag, and a tag cannot be written")
        .hasMessageContaining("[exp, main]");
    assertThatThrownBy(() -> LocalSpark.maintain(settings(), TABLE, "compact@nope", 0))
        .hasMessageContaining("has no branch 'nope' (it has: [exp, main])");
    table.refresh();
    assertThat(table.snapshots()).hasSize(snapshots);
    assertThat(table.snapshot("exp").snapshotId()).isEqualTo(main);
  }

  private Map<String, String> settings() {
    return SparkCatalogs.settings(temp.floe().config());
  }

  // Batches first..last of producer p, ten rows each, one append (and one ledger file) each.
  private void append(String branch, long first, long last) {
    Table fresh = temp.floe().tables().load("db.events");
    TableWriter.Builder builder = TableWriter.forTable(fresh).producerId("p");
    if (branch != null) {
      builder.toBranch(branch);
    }
    try (TableWriter writer = builder.build()) {
      for (long seq = first; seq <= last; seq++) {
        List<Record> rows = FloeSparkReadTest.rows(fresh, seq * 10, seq * 10 + 10);
        assertThat(writer.append(Batch.of(seq, fresh.schema(), rows)).duplicate()).isFalse();
      }
    }
  }

  // Only the branch heads stay: the ledger is then only what the heads name.
  private void expireAllButHeads() {
    table.refresh();
    table.expireSnapshots().expireOlderThan(System.currentTimeMillis() + 1).retainLast(1).commit();
    table.refresh();
    assertThat(table.snapshots()).hasSize(2);
  }

  private void assertResentBatchIsADuplicate(long resent, long next) {
    Table fresh = temp.floe().tables().load("db.events");
    try (TableWriter writer = TableWriter.forTable(fresh).toBranch("exp").producerId("p").build()) {
      List<Record> rows = FloeSparkReadTest.rows(fresh, 1000, 1010);
      assertThat(writer.append(Batch.of(resent, fresh.schema(), rows)).duplicate()).isTrue();
      assertThat(writer.append(Batch.of(next, fresh.schema(), rows)).duplicate()).isFalse();
    }
  }

  private int fileCount(String branch) {
    int n = 0;
    for (var ignored : table.newScan().useRef(branch).planFiles()) {
      n++;
    }
    return n;
  }

  private static long idSum(List<Record> rows) {
    return rows.stream().mapToLong(row -> (Long) row.getField("id")).sum();
  }
}
