package dev.floe.ingest;

import static dev.floe.ingest.AuditEvents.append;
import static dev.floe.ingest.AuditEvents.unlabelled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Write-audit-publish never publishes what the audit did not check: later appends, batches already
 * on main, snapshots main moved back over.
 */
class AuditPublishesOnlyCheckedTest {
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
  void anAppendToTheAuditBranchAfterTheCheckIsNotPublished() {
    Audit audit = events.audit("audit-1");
    append(audit.writer(), "p", Events.batch(0, 100, 20));
    Audited audited = audit.check();
    append(audit.writer(), "late", unlabelled(0, 500, 20)); // never checked

    AuditResult result = audit.publish(audited);

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.FAST_FORWARD);
    assertThat(events.head("main")).isEqualTo(audited.snapshotId());
    assertThat(events.ids("main")).hasSize(40).noneMatch(id -> id >= 500);
    assertThat(events.ids("audit-1")).hasSize(60);
  }

  @Test
  void anAppendAfterTheCheckIsNotReplayedEither() {
    Audit audit = events.audit("audit-1");
    append(audit.writer(), "p", Events.batch(0, 100, 20));
    Audited audited = audit.check();
    append(audit.writer(), "late", unlabelled(0, 500, 20));
    append(TableWriter.forTable(table), "main-p", Events.batch(1, 300, 20));

    AuditResult result = audit.publish(audited);

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.REPLAYED);
    assertThat(result.replayed()).hasSize(1);
    assertThat(events.ids("main")).hasSize(60).noneMatch(id -> id >= 500);
  }

  @Test
  void aBatchRetriedAfterPublishIsADuplicateOnBothBranches() {
    Audit audit = events.audit("audit-1");
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
    assertThat(events.ids("main")).hasSize(60).doesNotHaveDuplicates();
  }

  @Test
  void aBatchReSentToMainWhileAuditedStopsTheReplay() {
    Audit audit = events.audit("audit-1");
    append(audit.writer(), "p", Events.batch(0, 100, 20));
    append(TableWriter.forTable(table), "p", Events.batch(0, 100, 20)); // the same batch, on main
    long mainBefore = events.head("main");

    assertThatThrownBy(audit::publish)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("batches [p:0] are on it already")
        .hasMessageContaining("nothing was published");
    assertThat(events.head("main")).isEqualTo(mainBefore);
    assertThat(events.ids("main")).hasSize(40).doesNotHaveDuplicates();
  }

  @Test
  void snapshotsTheAuditDidNotCheckAreNeverPublished() {
    long m0 = events.head("main");
    append(TableWriter.forTable(table), "main-p", unlabelled(1, 300, 2));
    Audit audit = events.audit("audit-1");
    append(audit.writer(), "p", Events.batch(0, 100, 20));
    Audited audited = audit.check();
    table.manageSnapshots().setCurrentSnapshot(m0).commit(); // main moves back: M1 unchecked

    assertThatThrownBy(() -> audit.publish(audited))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("but was not audited")
        .hasMessageContaining("nothing was published");
    assertThat(events.head("main")).isEqualTo(m0);
  }
}
