package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.NessieServerExtension;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Write-audit-publish with catalog-wide Nessie branches. */
class NessieAuditTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @TempDir Path warehouse;
  private Floe floe;
  private String name;
  private String branch;

  @BeforeEach
  void open() {
    floe = Floe.open(FloeConfig.nessie(nessie.uri(), warehouse.toString()));
    name = nessie.uniqueName("ns") + ".events";
    branch = nessie.uniqueName("audit");
    Table table = floe.tables().createIfAbsent(name, Events.SCHEMA, PartitionSpec.unpartitioned());
    append(TableWriter.forTable(table), "main-p", Events.batch(0, 0, 20));
  }

  @AfterEach
  void close() {
    floe.close();
  }

  @Test
  void blockingRuleKeepsMainUnchanged() {
    long mainBefore = mainHead();
    String hashBefore = floe.tables().nessieHash("main");
    Audit audit = audit();
    append(audit.writer(), "p", AuditEvents.unlabelled(0, 100, 20));

    AuditResult result = audit.publish();

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.QUARANTINED);
    assertThat(result.audited().blockedBy())
        .singleElement()
        .asString()
        .contains("null_rate(label)");
    assertThat(result.audited().hash()).isNotNull();
    assertThat(mainHead()).isEqualTo(mainBefore);
    assertThat(floe.tables().nessieHash("main")).isEqualTo(hashBefore);
    assertThat(ids(name + "@" + branch)).hasSize(40);
  }

  @Test
  void publishMergesFromTheAuditedCommit() {
    Audit audit = audit();
    append(audit.writer(), "p", Events.batch(0, 100, 20));
    Audited audited = audit.check();

    AuditResult result = audit.publish(audited);

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.MERGED);
    assertThat(mainHead()).isEqualTo(audited.snapshotId());
    assertThat(ids(name)).hasSize(40).doesNotHaveDuplicates();
  }

  @Test
  void publishAfterMainMovedReplaysAndKeepsTheLedger() {
    Audit audit = audit();
    append(audit.writer(), "p", Events.batch(0, 100, 20));
    append(TableWriter.forTable(floe.tables().load(name)), "main-p", Events.batch(1, 300, 20));

    AuditResult result = audit.publish();

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.REPLAYED);
    assertThat(mainHead()).isEqualTo(result.replayed().get(0));
    assertThat(ids(name)).hasSize(60).doesNotHaveDuplicates();
    try (TableWriter main = TableWriter.forTable(floe.tables().load(name)).producerId("p").build();
        TableWriter onBranch = audit.writer().producerId("p").build()) {
      assertThat(main.append(Events.batch(0, 100, 20)).duplicate()).isTrue();
      assertThat(onBranch.append(Events.batch(0, 100, 20)).duplicate()).isTrue();
    }
    assertThat(ids(name)).hasSize(60);
  }

  @Test
  void anAppendToTheAuditBranchAfterTheCheckIsNotPublished() {
    Audit audit = audit();
    append(audit.writer(), "p", Events.batch(0, 100, 20));
    Audited audited = audit.check();
    append(audit.writer(), "late", AuditEvents.unlabelled(0, 500, 20));

    AuditResult result = audit.publish(audited);

    // The branch moved since the check: no merge of its head, the audited append alone replays.
    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.REPLAYED);
    assertThat(ids(name)).hasSize(40).noneMatch(id -> id >= 500);
    assertThat(ids(name + "@" + branch)).hasSize(60);
  }

  private Audit audit() {
    return Audit.of(floe, name).branch(branch).contract(AuditEvents.LABELS);
  }

  private static void append(TableWriter.Builder builder, String producer, Batch... batches) {
    try (TableWriter writer = builder.producerId(producer).build()) {
      for (Batch batch : batches) {
        assertThat(writer.append(batch).duplicate()).isFalse();
      }
    }
  }

  private long mainHead() {
    return floe.tables().load(name).currentSnapshot().snapshotId();
  }

  private List<Long> ids(String nameWithRef) {
    Table table = floe.tables().resolve(nameWithRef).table();
    return Events.ids(GenericData.read(table, "main"));
  }
}
