package dev.floe.ingest;

import static dev.floe.ingest.AuditEvents.LABELS;
import static dev.floe.ingest.AuditEvents.append;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.ingest.contract.Contract;
import dev.floe.ingest.profile.Profiles;
import dev.floe.ingest.profile.ThetaBlobs;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Write-audit-publish with profiles: a replay carries the audited profile; drift against a
 * baseline.
 */
class AuditProfilesTest {
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
}
