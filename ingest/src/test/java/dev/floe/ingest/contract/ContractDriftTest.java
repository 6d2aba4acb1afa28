package dev.floe.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.InvalidContractException;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.compaction.Compaction;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import dev.floe.ingest.profile.Samples;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drift rules on a real table: a 20,000-row baseline commit tagged {@code pin}, then one checked
 * commit of 5,000 rows (seeded normal samples, see {@link Samples}).
 */
class ContractDriftTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Table table;
  private long sequence;

  private static final String RULES =
      """
      {"rules": [
        {"rule": "drift", "column": "score", "baseline": "pin", "psi": 0.03, "ks_p_value": 0.01},
        {"rule": "drift", "column": "category", "baseline": "pin", "vanished_share": 0.05},
        {"rule": "drift", "column": "embedding", "baseline": "pin", "mean_shift": 0.15,
         "ks_p_value": 0.01, "severity": "warn"}]}
      """;

  @BeforeEach
  void baseline() {
    Floe floe = temp.floe();
    table =
        floe.tables().createIfAbsent("ml.samples", Samples.SCHEMA, PartitionSpec.unpartitioned());
    long id = append(Samples.rows(1, 20_000, 0, 0, null), true);
    table.manageSnapshots().createTag("pin", id).commit();
  }

  private long append(List<Record> rows, boolean profile) {
    try (TableWriter writer =
        TableWriter.forTable(table).producerId("p").profile(profile).build()) {
      long id = writer.append(Batch.of(++sequence, Samples.SCHEMA, rows)).snapshotId();
      table.refresh();
      return id;
    }
  }

  private static RuleResult result(ContractReport report, String label) {
    return report.results().stream()
        .filter(r -> r.rule().label().equals(label))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aBaselineWhoseOlderHistoryExpiredSaysSoInTheMessage() {
    table.manageSnapshots().removeTag("pin").commit();
    append(Samples.rows(6, 5_000, 0, 0, null), true);
    long kept = append(Samples.rows(7, 5_000, 0, 0, null), true);
    append(Samples.rows(8, 5_000, 0, 0, null), true);
    Compaction.expireSnapshots(table)
        .maxSnapshotAge(Duration.ZERO)
        .minSnapshotsToKeep(2)
        .now(Instant.now().plus(Duration.ofDays(1)))
        .commit();
    table.refresh();
    String rule =
        "{\"rules\": [{\"rule\": \"drift\", \"column\": \"score\", \"baseline\": \"main\","
            + " \"psi\": 0.5}]}";

    RuleResult result = Contract.parse(rule, "c").check(table).get().results().get(0);

    assertThat(result.message())
        .startsWith(
            "snapshot "
                + table.currentSnapshot().snapshotId()
                + " vs baseline main (over 2 retained append(s) since ")
        .contains("; older history expired (before snapshot " + kept + "))");
  }

  @Test
  void passesAFreshCommitOfTheSameDistribution() {
    append(Samples.rows(2, 5_000, 0, 0, null), true);

    ContractReport report = Contract.parse(RULES, "c").check(table).get();

    assertThat(report.failures()).as("%s", report.results()).isEmpty();
    assertThat(result(report, "drift(score)").message())
        .startsWith("snapshot " + table.currentSnapshot().snapshotId() + " vs baseline pin: PSI ")
        .contains("KS D");
  }

  @Test
  void blocksAQuarterSigmaShiftAndAVanishedCategory() throws IOException {
    append(Samples.rows(3, 5_000, 0.25, 0.25, "cart"), true);
    // Drift is answered from the sketches alone: with every data file gone, nothing changes.
    List<String> gone = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(t -> gone.add(t.file().location()));
    }
    gone.forEach(table.io()::deleteFile);
    assertThat(gone).hasSize(2).noneMatch(f -> table.io().newInputFile(f).exists());

    ContractReport report = Contract.parse(RULES, "c").check(table).get();

    assertThat(report.passed()).isFalse();
    assertThat(result(report, "drift(score)").status()).isEqualTo(RuleResult.Status.FAILED);
    assertThat(result(report, "drift(score)").message())
        .containsPattern("KS D 0\\.\\d+ \\(threshold");
    assertThat(result(report, "drift(category)").message()).contains("vanished categories [cart]");
    RuleResult embedding = result(report, "drift(embedding)");
    assertThat(embedding.status()).isEqualTo(RuleResult.Status.FAILED);
    assertThat(embedding.blocks()).isFalse(); // a warning
    assertThat(embedding.message()).contains("at dimension 0 (max 0.15)");
  }

  @Test
  void comparesWithTheLastCommitsOrTheCheckBaseline() {
    append(Samples.rows(4, 5_000, 0, 0, null), true);
    long calm = table.currentSnapshot().snapshotId();
    table.manageSnapshots().createTag("calm", calm).commit();
    append(Samples.rows(5, 5_000, 0.25, 0, null), true);
    String lastTwo =
        "{\"rules\": [{\"rule\": \"drift\", \"column\": \"score\", \"baseline_commits\": 2,"
            + " \"ks_p_value\": 0.01}]}";

    RuleResult recent = Contract.parse(lastTwo, "c").check(table).get().results().get(0);
    assertThat(recent.status()).isEqualTo(RuleResult.Status.FAILED);
    assertThat(recent.message()).contains("vs baseline the 2 append(s) before it: KS D");

    // The shifted commit checked against itself (the ref named by the check) does not drift.
    String noBaseline =
        "{\"rules\": [{\"rule\": \"drift\", \"column\": \"score\", \"ks_p_value\": 0.01}]}";
    RuleResult none = Contract.parse(noBaseline, "c").check(table).get().results().get(0);
    assertThat(none.message()).startsWith("no baseline: give \"baseline\"");
    RuleResult atCalm =
        Contract.parse(noBaseline, "c")
            .check(table)
            .snapshot(calm)
            .baseline("pin")
            .get()
            .results()
            .get(0);
    assertThat(atCalm.status()).as(atCalm.message()).isEqualTo(RuleResult.Status.PASSED);
  }

  @Test
  void failsNamingWhyWhenItCannotCompare() {
    append(Samples.rows(6, 5_000, 0, 0, null), false); // written without profiles
    String rules =
        "{\"rules\": [{\"rule\": \"drift\", \"column\": \"score\", \"baseline\": \"pin\","
            + " \"psi\": 0.1},"
            + " {\"rule\": \"drift\", \"column\": \"score\", \"baseline\": \"nope\", \"psi\": 0.1}]}";

    ContractReport report = Contract.parse(rules, "c").check(table).get();
    assertThat(report.results())
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(RuleResult.Status.FAILED);
              assertThat(r.message()).contains("Cannot read the profile of snapshot", "has none");
            });

    append(Samples.rows(7, 5_000, 0, 0, null), true);
    String wrongType =
        "{\"rules\": [{\"rule\": \"drift\", \"column\": \"category\", \"baseline\": \"pin\","
            + " \"psi\": 0.1}, {\"rule\": \"drift\", \"column\": \"score\", \"baseline\":"
            + " \"nope\", \"psi\": 0.1}]}";
    ContractReport typed = Contract.parse(wrongType, "c").check(table).get();
    assertThat(typed.results().get(0).message())
        .contains("psi and ks_p_value need numbers, dates, timestamps or list<float>");
    assertThat(typed.results().get(1).message())
        .contains("no branch or tag 'nope' for the baseline (it has: ");
  }

  @Test
  void refusesDriftRulesWithoutALimitOrWithTwoBaselines() {
    assertThatThrownBy(
            () ->
                Contract.parse(
                    "{\"rules\": [{\"rule\": \"drift\", \"column\": \"score\"}]}", "c.json"))
        .isInstanceOf(InvalidContractException.class)
        .hasMessageContaining("line 1, rule drift(score): needs a limit: \"psi\"");
    assertThatThrownBy(
            () ->
                Contract.parse(
                    "{\"rules\": [{\"rule\": \"drift\", \"column\": \"score\", \"psi\": 0.1,"
                        + " \"baseline\": \"pin\", \"baseline_commits\": 3}]}",
                    "c.json"))
        .hasMessageContaining("takes \"baseline\" or \"baseline_commits\", not both");
    assertThatThrownBy(
            () ->
                Contract.parse(
                    "{\"rules\": [{\"rule\": \"drift\", \"column\": \"score\","
                        + " \"ks_p_value\": 1.5}]}",
                    "c.json"))
        .hasMessageContaining("\"ks_p_value\" must be in (0, 1): 1.5");
    assertThatThrownBy(
            () ->
                Contract.parse(
                    "{\"rules\": [{\"rule\": \"drift\", \"column\": \"score\", \"psi\": 0.1,"
                        + " \"baseline_commits\": 0}]}",
                    "c.json"))
        .hasMessageContaining("\"baseline_commits\" must be a whole number from 1 to");
  }
}
