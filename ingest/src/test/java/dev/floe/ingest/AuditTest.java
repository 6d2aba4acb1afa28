package dev.floe.ingest;

import static dev.floe.ingest.AuditEvents.append;
import static dev.floe.ingest.AuditEvents.unlabelled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.ingest.contract.Contract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Write-audit-publish on Iceberg branches of an embedded warehouse: quarantine, fast-forward,
 * replay.
 */
class AuditTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private AuditEvents events;
  private Floe floe;
  private Table table;

  @BeforeEach
  void open() {
    floe = temp.floe();
    events = new AuditEvents(floe);
    table = events.table();
  }

  @Test
  void blockingRuleKeepsMainUnchangedAndTheDataOnItsBranch() {
    long mainBefore = events.head("main");
    Audit audit = events.audit("audit-1");
    append(audit.writer(), "p", unlabelled(0, 100, 20));

    AuditResult result = audit.publish();

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.QUARANTINED);
    assertThat(result.isPublished()).isFalse();
    assertThat(result.audited().blockedBy())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("null_rate(label) at snapshot " + events.head("audit-1"))
        .contains("null rate 0.5000");
    assertThat(events.head("main")).isEqualTo(mainBefore);
    assertThat(events.ids("main")).hasSize(20);
    assertThat(events.ids("audit-1")).hasSize(40);
    assertThat(result.audited().batches()).containsExactlyEntriesOf(java.util.Map.of("p", "0"));
  }

  @Test
  void publishFastForwardsMainToTheAuditedSnapshotId() {
    Audit audit = events.audit("audit-1");
    append(audit.writer(), "p", Events.batch(0, 100, 20));
    long audited = events.head("audit-1");

    AuditResult result = audit.publish();

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.FAST_FORWARD);
    assertThat(result.published()).isEqualTo(audited);
    assertThat(events.head("main")).isEqualTo(audited);
    assertThat(events.ids("main")).hasSize(40).doesNotHaveDuplicates();
    assertThat(audit.publish(result.audited()).outcome())
        .isEqualTo(AuditResult.Outcome.ALREADY_PUBLISHED);
    assertThat(audit.publish().outcome()).isEqualTo(AuditResult.Outcome.NOTHING_STAGED);
    assertThat(events.head("main")).isEqualTo(audited);
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
    Audit audit = events.audit("audit-1");
    append(audit.writer(), "p", Events.batch(0, 100, 20), Events.batch(1, 200, 20));
    List<Long> staged = audit.check().staged();
    append(TableWriter.forTable(table), "main-p", Events.batch(1, 300, 20));
    long mainMoved = events.head("main");

    AuditResult result = audit.publish();

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.REPLAYED);
    assertThat(result.replayed()).hasSize(2);
    assertThat(events.head("main")).isEqualTo(result.replayed().get(1));
    table.refresh();
    Snapshot first = table.snapshot(result.replayed().get(0));
    Snapshot second = table.snapshot(result.replayed().get(1));
    assertThat(first.parentId()).isEqualTo(mainMoved);
    assertThat(second.parentId()).isEqualTo(first.snapshotId());
    assertThat(first.summary()).containsEntry(AuditReplay.SOURCE, staged.get(0).toString());
    assertThat(second.summary()).containsEntry(AuditReplay.SOURCE, staged.get(1).toString());
    assertThat(events.ids("main")).hasSize(80).doesNotHaveDuplicates();

    // A publish retried after an unknown outcome replays nothing twice.
    assertThat(audit.publish(result.audited()).outcome())
        .isEqualTo(AuditResult.Outcome.ALREADY_PUBLISHED);
    assertThat(events.ids("main")).hasSize(80);
  }

  @Test
  void concurrentPublishesOfOneAuditReplayItOnce() throws Exception {
    Audit audit = events.audit("audit-1");
    append(audit.writer(), "p", Events.batch(0, 100, 20), Events.batch(1, 200, 20));
    Audited audited = audit.check();
    append(TableWriter.forTable(table), "main-p", Events.batch(1, 300, 20));

    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    List<AuditResult.Outcome> outcomes = new ArrayList<>();
    try {
      List<java.util.concurrent.Future<AuditResult>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        runs.add(pool.submit(() -> events.audit("audit-1").publish(audited)));
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
    assertThat(events.ids("main")).hasSize(80).doesNotHaveDuplicates();
  }

  @Test
  void aBlockedGroupCommitQuarantinesEveryProducersBatch() {
    Audit audit = events.audit("audit-1");
    long mainBefore = events.head("main");
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
    assertThat(events.head("main")).isEqualTo(mainBefore);
    assertThat(events.ids("audit-1")).hasSize(60);
  }
}
