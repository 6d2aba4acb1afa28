package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.ingest.contract.Contract;
import dev.floe.ingest.profile.Profiles;
import dev.floe.ingest.profile.ThetaBlobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Write-audit-publish on Iceberg branches of an embedded warehouse. */
class AuditTest {
  static final Contract LABELS =
      Contract.parse(
          "{\"rules\": [{\"rule\": \"null_rate\", \"column\": \"label\", \"max\": 0.1}]}",
          "labels");

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    table = Events.create(floe);
    append(TableWriter.forTable(table), "main-p", Events.batch(0, 0, 20));
  }

  @Test
  void blockingRuleKeepsMainUnchangedAndTheDataOnItsBranch() {
    long mainBefore = head("main");
    Audit audit = audit("audit-1");
    append(audit.writer(), "p", unlabelled(0, 100, 20));

    AuditResult result = audit.publish();

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.QUARANTINED);
    assertThat(result.isPublished()).isFalse();
    assertThat(result.audited().blockedBy())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("null_rate(label) at snapshot " + head("audit-1"))
        .contains("null rate 0.5000");
    assertThat(head("main")).isEqualTo(mainBefore);
    assertThat(ids("main")).hasSize(20);
    assertThat(ids("audit-1")).hasSize(40);
    assertThat(result.audited().batches()).containsExactlyEntriesOf(java.util.Map.of("p", "0"));
  }

  @Test
  void publishFastForwardsMainToTheAuditedSnapshotId() {
    Audit audit = audit("audit-1");
    append(audit.writer(), "p", Events.batch(0, 100, 20));
    long audited = head("audit-1");

    AuditResult result = audit.publish();

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.FAST_FORWARD);
    assertThat(result.published()).isEqualTo(audited);
    assertThat(head("main")).isEqualTo(audited);
    assertThat(ids("main")).hasSize(40).doesNotHaveDuplicates();
    assertThat(audit.publish(result.audited()).outcome())
        .isEqualTo(AuditResult.Outcome.ALREADY_PUBLISHED);
    assertThat(audit.publish().outcome()).isEqualTo(AuditResult.Outcome.NOTHING_STAGED);
    assertThat(head("main")).isEqualTo(audited);
  }

  @Test
  void publishesToATableWithoutSnapshotsByFastForward() {
    Table empty = Events.createUnpartitioned(floe);
    Contract rows = Contract.parse("{\"rules\": [{\"rule\": \"row_count\", \"min\": 1}]}", "rows");
    Audit audit = Audit.of(floe, "ml.flat_events").branch("audit-1").contract(rows);
    append(audit.writer(), "p", Events.batch(0, 100, 20));

    AuditResult result = audit.publish();

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.FAST_FORWARD);
    empty.refresh();
    assertThat(empty.currentSnapshot().snapshotId()).isEqualTo(result.audited().snapshotId());
    assertThat(Events.ids(dev.floe.catalog.testing.GenericData.read(empty, "main"))).hasSize(20);
  }

  @Test
  void publishAfterMainMovedReplaysTheAuditedAppendsInOrder() {
    Audit audit = audit("audit-1");
    append(audit.writer(), "p", Events.batch(0, 100, 20), Events.batch(1, 200, 20));
    List<Long> staged = audit.check().staged();
    append(TableWriter.forTable(table), "main-p", Events.batch(1, 300, 20));
    long mainMoved = head("main");

    AuditResult result = audit.publish();

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.REPLAYED);
    assertThat(result.replayed()).hasSize(2);
    assertThat(head("main")).isEqualTo(result.replayed().get(1));
    table.refresh();
    Snapshot first = table.snapshot(result.replayed().get(0));
    Snapshot second = table.snapshot(result.replayed().get(1));
    assertThat(first.parentId()).isEqualTo(mainMoved);
    assertThat(second.parentId()).isEqualTo(first.snapshotId());
    assertThat(first.summary()).containsEntry(AuditReplay.SOURCE, staged.get(0).toString());
    assertThat(second.summary()).containsEntry(AuditReplay.SOURCE, staged.get(1).toString());
    assertThat(ids("main")).hasSize(80).doesNotHaveDuplicates();

    // A publish retried after an unknown outcome replays nothing twice.
    assertThat(audit.publish(result.audited()).outcome())
        .isEqualTo(AuditResult.Outcome.ALREADY_PUBLISHED);
    assertThat(ids("main")).hasSize(80);
  }

  @Test
  void aReplayCarriesTheAuditedProfileAndTheTargetsDistinctCounts() {
    Table flat = Events.createUnpartitioned(floe);
    append(TableWriter.forTable(flat).profile(true), "main-p", Events.batch(0, 0, 20));
    Audit audit = Audit.of(floe, "ml.flat_events").branch("audit-1").contract(LABELS);
    append(audit.writer().profile(true), "p", Events.batch(0, 100, 20));
    append(TableWriter.forTable(flat).profile(true), "main-p", Events.batch(1, 300, 20));

    long replayed = audit.publish().replayed().get(0);
    append(TableWriter.forTable(flat).profile(true), "main-p", Events.batch(2, 500, 20));

    flat.refresh();
    assertThat(Profiles.of(flat).atSnapshot(replayed).rows()).isEqualTo(20);
    assertThat(ndvOfId(flat, replayed)).isEqualTo("60");
    assertThat(ndvOfId(flat, flat.currentSnapshot().snapshotId())).isEqualTo("80");
  }

  @Test
  void aDriftRuleComparesTheStagedCommitWithTheBaselineGiven() {
    Table flat = Events.createUnpartitioned(floe);
    append(TableWriter.forTable(flat).profile(true), "main-p", Events.batch(0, 0, 500));
    Contract drift =
        Contract.parse(
            "{\"rules\": [{\"rule\": \"drift\", \"column\": \"amount\", \"psi\": 0.2}]}", "drift");
    Audit audit =
        Audit.of(floe, "ml.flat_events").branch("audit-1").contract(drift).baseline("main");
    List<Record> cents = new ArrayList<>(Events.batch(0, 0, 500).records());
    cents.forEach(r -> r.setField("amount", (Double) r.getField("amount") * 100));
    append(audit.writer().profile(true), "p", Batch.of(0, Events.SCHEMA, cents));

    AuditResult result = audit.publish();

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.QUARANTINED);
    assertThat(result.audited().blockedBy())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("drift(amount) at snapshot")
        .contains("vs baseline main");
  }

  private static String ndvOfId(Table table, long snapshotId) {
    return table.statisticsFiles().stream()
        .filter(f -> f.snapshotId() == snapshotId)
        .flatMap(f -> f.blobMetadata().stream())
        .filter(b -> b.fields().equals(List.of(table.schema().findField("id").fieldId())))
        .map(b -> b.properties().get(ThetaBlobs.NDV))
        .findFirst()
        .orElse(null);
  }

  @Test
  void concurrentPublishesOfOneAuditReplayItOnce() throws Exception {
    Audit audit = audit("audit-1");
    append(audit.writer(), "p", Events.batch(0, 100, 20), Events.batch(1, 200, 20));
    Audited audited = audit.check();
    append(TableWriter.forTable(table), "main-p", Events.batch(1, 300, 20));

    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    List<AuditResult.Outcome> outcomes = new ArrayList<>();
    try {
      List<java.util.concurrent.Future<AuditResult>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        runs.add(pool.submit(() -> audit("audit-1").publish(audited)));
      }
      for (java.util.concurrent.Future<AuditResult> run : runs) {
        outcomes.add(run.get().outcome());
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(outcomes)
        .containsExactlyInAnyOrder(
            AuditResult.Outcome.REPLAYED, AuditResult.Outcome.ALREADY_PUBLISHED);
    assertThat(ids("main")).hasSize(80).doesNotHaveDuplicates();
  }

  @Test
  void anAppendToTheAuditBranchAfterTheCheckIsNotPublished() {
    Audit audit = audit("audit-1");
    append(audit.writer(), "p", Events.batch(0, 100, 20));
    Audited audited = audit.check();
    append(audit.writer(), "late", unlabelled(0, 500, 20)); // never checked

    AuditResult result = audit.publish(audited);

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.FAST_FORWARD);
    assertThat(head("main")).isEqualTo(audited.snapshotId());
    assertThat(ids("main")).hasSize(40).noneMatch(id -> id >= 500);
    assertThat(ids("audit-1")).hasSize(60);
  }

  @Test
  void anAppendAfterTheCheckIsNotReplayedEither() {
    Audit audit = audit("audit-1");
    append(audit.writer(), "p", Events.batch(0, 100, 20));
    Audited audited = audit.check();
    append(audit.writer(), "late", unlabelled(0, 500, 20));
    append(TableWriter.forTable(table), "main-p", Events.batch(1, 300, 20));

    AuditResult result = audit.publish(audited);

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.REPLAYED);
    assertThat(result.replayed()).hasSize(1);
    assertThat(ids("main")).hasSize(60).noneMatch(id -> id >= 500);
  }

  @Test
  void aBatchRetriedAfterPublishIsADuplicateOnBothBranches() {
    Audit audit = audit("audit-1");
    append(audit.writer(), "p", Events.batch(0, 100, 20));
    append(TableWriter.forTable(table), "main-p", Events.batch(1, 300, 20));
    assertThat(audit.publish().outcome()).isEqualTo(AuditResult.Outcome.REPLAYED);

    try (TableWriter main = TableWriter.forTable(table).producerId("p").build();
        TableWriter branch = audit.writer().producerId("p").build()) {
      assertThat(main.append(Events.batch(0, 100, 20)).duplicate()).isTrue();
      assertThat(branch.append(Events.batch(0, 100, 20)).duplicate()).isTrue();
    }
    // The replayed ledger kept main's own producer too.
    try (TableWriter main = TableWriter.forTable(table).producerId("main-p").build()) {
      assertThat(main.append(Events.batch(1, 300, 20)).duplicate()).isTrue();
    }
    assertThat(ids("main")).hasSize(60).doesNotHaveDuplicates();
  }

  @Test
  void aBatchReSentToMainWhileAuditedStopsTheReplay() {
    Audit audit = audit("audit-1");
    append(audit.writer(), "p", Events.batch(0, 100, 20));
    append(TableWriter.forTable(table), "p", Events.batch(0, 100, 20)); // the same batch, on main
    long mainBefore = head("main");

    assertThatThrownBy(audit::publish)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("batches [p:0] are on it already")
        .hasMessageContaining("nothing was published");
    assertThat(head("main")).isEqualTo(mainBefore);
    assertThat(ids("main")).hasSize(40).doesNotHaveDuplicates();
  }

  @Test
  void snapshotsTheAuditDidNotCheckAreNeverPublished() {
    long m0 = head("main");
    append(TableWriter.forTable(table), "main-p", unlabelled(1, 300, 2));
    Audit audit = audit("audit-1");
    append(audit.writer(), "p", Events.batch(0, 100, 20));
    Audited audited = audit.check();
    table.manageSnapshots().setCurrentSnapshot(m0).commit(); // main moves back: M1 unchecked

    assertThatThrownBy(() -> audit.publish(audited))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("but was not audited")
        .hasMessageContaining("nothing was published");
    assertThat(head("main")).isEqualTo(m0);
  }

  @Test
  void aBlockedGroupCommitQuarantinesEveryProducersBatch() {
    Audit audit = audit("audit-1");
    long mainBefore = head("main");
    List<CompletableFuture<AppendResult>> results = new ArrayList<>();
    try (TableWriter writer =
        audit.writer().producerId("g").groupCommit(Duration.ofSeconds(5), 1L << 30).build()) {
      results.add(writer.appendAsync(Events.batch(0, 100, 20).forProducer("good")));
      results.add(writer.appendAsync(unlabelled(0, 200, 20).forProducer("bad")));
    }

    Audited audited = audit.check();
    AuditResult result = audit.publish(audited);

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.QUARANTINED);
    assertThat(audited.batches()).containsOnlyKeys("good", "bad");
    assertThat(results)
        .allSatisfy(r -> assertThat(audited.staged()).contains(r.join().snapshotId()));
    assertThat(head("main")).isEqualTo(mainBefore);
    assertThat(ids("audit-1")).hasSize(60);
  }

  private Audit audit(String branch) {
    return Audit.of(floe, "ml.events").branch(branch).contract(LABELS);
  }

  private static void append(TableWriter.Builder builder, String producer, Batch... batches) {
    try (TableWriter writer = builder.producerId(producer).build()) {
      for (Batch batch : batches) {
        assertThat(writer.append(batch).duplicate()).isFalse();
      }
    }
  }

  private long head(String ref) {
    table.refresh();
    return table.snapshot(ref).snapshotId();
  }

  private List<Long> ids(String ref) {
    table.refresh();
    return Events.ids(dev.floe.catalog.testing.GenericData.read(table, ref));
  }

  /** Rows whose label is null: a batch the contract's null rate blocks. */
  static Batch unlabelled(long sequence, long firstId, int count) {
    List<Record> rows = new ArrayList<>();
    for (long id = firstId; id < firstId + count; id++) {
      Record row = Events.row(Events.SCHEMA, id);
      row.setField("label", null);
      rows.add(row);
    }
    return Batch.of(sequence, Events.SCHEMA, rows);
  }
}
