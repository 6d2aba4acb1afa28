package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.NessieServerExtension;
import dev.floe.ingest.contract.Contract;
import dev.floe.ingest.contract.ContractReport;
import dev.floe.ingest.contract.RuleResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift baselines in nessie mode: {@code main} is the catalog's default branch, not the Iceberg
 * {@code main} inside the audit branch's table (which is the audit branch itself).
 */
class NessieDriftAuditTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  private static final Contract DRIFT =
      Contract.parse(
          "{\"rules\": [{\"rule\": \"drift\", \"column\": \"amount\", \"psi\": 0.2}]}", "drift");

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
    append(TableWriter.forTable(table).profile(true), "main-p", amounts(0, 0, 500, 1, 0));
  }

  @AfterEach
  void close() {
    floe.close();
  }

  @Test
  void aDriftedBatchOnANessieBranchIsBlockedAgainstNessieMain() {
    String mainHash = floe.tables().nessieHash("main");
    Audit audit = audit();
    append(audit.writer().profile(true), "p", amounts(0, 1000, 500, 100, 0));

    AuditResult result = audit.publish();

    assertThat(result.outcome()).isEqualTo(AuditResult.Outcome.QUARANTINED);
    assertThat(result.audited().blockedBy())
        .singleElement(InstanceOfAssertFactories.STRING)
        .startsWith("drift(amount) at snapshot")
        .contains("vs baseline main (Nessie commit " + mainHash.substring(0, 12) + ")")
        .contains("PSI");
    assertThat(floe.tables().nessieHash("main")).isEqualTo(mainHash);
  }

  @Test
  void anUndriftedBatchOnANessieBranchPassesAndIsPublished() {
    Audit audit = audit();
    append(audit.writer().profile(true), "p", amounts(0, 1000, 500, 1, 0.75));

    AuditResult result = audit.publish();

    assertThat(result.audited().blockedBy()).isEmpty();
    assertThat(result.isPublished()).isTrue();
    assertThat(result.audited().reports())
        .singleElement()
        .extracting(r -> r.results().get(0).message(), InstanceOfAssertFactories.STRING)
        .contains("vs baseline main (Nessie commit");
  }

  @Test
  void theBaselineIsMainAsCommittedNowNotTheBranchsOwnHistory() {
    Audit audit = audit();
    audit.stage();
    // Main moves on to amounts in cents after the fork; the branch keeps the old scale. Against
    // the branch's own history the batch looks like the rows before it; against main it drifted.
    append(
        TableWriter.forTable(floe.tables().load(name)).profile(true),
        "main-p",
        amounts(1, 2000, 2000, 100, 0));
    append(audit.writer().profile(true), "p", amounts(0, 1000, 500, 1, 0.75));

    Audited audited = audit.check();

    assertThat(audited.blockedBy())
        .singleElement(InstanceOfAssertFactories.STRING)
        .startsWith("drift(amount)");
  }

  @Test
  void aCheckOnTheBranchComparesWithANessieTag() {
    floe.tables().tagNessieCommit("train-v1", floe.tables().nessieHash("main"));
    Audit audit = audit();
    append(audit.writer().profile(true), "p", amounts(0, 1000, 500, 100, 0));
    Table onBranch = floe.tables().resolve(name + "@" + branch).table();

    ContractReport report =
        DRIFT
            .check(onBranch)
            .baseline("train-v1")
            .catalog(floe.tables(), TableIdentifier.parse(name))
            .get();

    assertThat(report.results())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(RuleResult.Status.FAILED);
              assertThat(r.message()).contains("vs baseline train-v1 (Nessie commit");
            });
  }

  private Audit audit() {
    return Audit.of(floe, name).branch(branch).contract(DRIFT).baseline("main");
  }

  private static void append(TableWriter.Builder builder, String producer, Batch batch) {
    try (TableWriter writer = builder.producerId(producer).build()) {
      assertThat(writer.append(batch).duplicate()).isFalse();
    }
  }

  /**
   * {@code count} event rows from {@code firstId} whose amounts are those of ids 0 to count - 1,
   * times {@code scale} (100: a producer sending cents), plus {@code offset}: a fresh sample of the
   * first batch's distribution when scale is 1.
   */
  private static Batch amounts(
      long sequence, long firstId, int count, double scale, double offset) {
    List<Record> rows = new ArrayList<>(Events.batch(sequence, firstId, count).records());
    rows.forEach(
        r -> r.setField("amount", ((Long) r.getField("id") - firstId) * 1.5 * scale + offset));
    return Batch.of(sequence, Events.SCHEMA, rows);
  }
}
