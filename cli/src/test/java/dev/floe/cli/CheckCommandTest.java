package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.ResolvedTable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.PartitionSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** floe check: exit codes for block and warn rules, one line per failure, --json, bad files. */
class CheckCommandTest {
  @TempDir Path warehouse;
  @TempDir Path dir;
  String w;

  @BeforeEach
  void write() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      BranchCommandTest.append(
          floe.tables()
              .createIfAbsent("ml.events", BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned()),
          "main",
          1,
          2,
          3);
    }
    w = warehouse.toString();
  }

  @Test
  void passingContractExitsZero() throws Exception {
    Path contract =
        contract(
            "{\"table\": \"ml.events\", \"columns\": [{\"name\": \"id\", \"type\": \"long\"}],"
                + " \"rules\": [{\"rule\": \"row_count\", \"min\": 1},"
                + " {\"rule\": \"last_commit\", \"max_age\": \"1d\"}]}");

    CliRun run = CliRun.floe("check", "ml.events", "--contract", contract.toString(), "-w", w);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("OK: ml.events snapshot ").contains("3 rule(s)");
  }

  @Test
  void blockingFailuresExitOneWithOneLinePerFailedRuleAndWarningsDoNot() throws Exception {
    Path contract =
        contract(
            "{\"rules\": [\n"
                + "{\"rule\": \"row_count\", \"max\": 2},\n"
                + "{\"rule\": \"null_rate\", \"column\": \"label\", \"max\": 0, \"severity\":"
                + " \"warn\"},\n"
                + "{\"rule\": \"range\", \"column\": \"id\", \"max\": 2, \"severity\": \"warn\"}]}");
    CliRun run = CliRun.floe("check", "ml.events", "--contract", contract.toString(), "-w", w);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().lines())
        .containsExactly(
            "BLOCK row_count ("
                + contract
                + " line 2): 3 row(s) added by snapshot "
                + snapshot()
                + ", expected [-inf, 2.0]",
            "WARN range(id) (" + contract + " line 4): values in [1.0, 3.0], expected [-inf, 2.0]",
            "FAILED: ml.events snapshot "
                + snapshot()
                + ", 3 rule(s): 1 blocking and 1 warning failure(s), 0 skipped");

    Path warnOnly =
        contract("{\"rules\": [{\"rule\": \"row_count\", \"max\": 2, \"severity\": \"warn\"}]}");
    CliRun warned = CliRun.floe("check", "ml.events", "--contract", warnOnly.toString(), "-w", w);
    assertThat(warned.exitCode()).as(warned.err()).isZero();
    assertThat(warned.out()).startsWith("WARN row_count").contains("OK: ml.events");
  }

  @Test
  void jsonReportsEveryRuleAndChecksTheGivenSnapshotOfABranch() throws Exception {
    long first = snapshot();
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      floe.experiments().create("exp-1").commit();
      ResolvedTable onBranch = floe.tables().resolve("ml.events@exp-1");
      BranchCommandTest.append(onBranch.table(), onBranch.ref(), 4, 5, 6, 7);
    }
    Path contract =
        contract(
            "{\"rules\": [{\"rule\": \"row_count\", \"max\": 3},"
                + " {\"rule\": \"regex\", \"column\": \"label\", \"pattern\": \"row-.*\"}]}");

    CliRun branch =
        CliRun.floe(
            "check", "ml.events@exp-1", "--contract", contract.toString(), "-w", w, "--json");
    JsonNode report = BranchCommandTest.JSON.readTree(branch.out());
    assertThat(branch.exitCode()).isEqualTo(1);
    assertThat(report.get("passed").asBoolean()).isFalse();
    assertThat(report.get("results").get(0).get("status").asText()).isEqualTo("failed");
    assertThat(report.get("results").get(0).get("message").asText()).startsWith("4 row(s)");
    assertThat(report.get("results").get(1).get("status").asText()).isEqualTo("skipped");
    assertThat(report.get("results").get(1).get("severity").asText()).isEqualTo("block");

    CliRun old =
        CliRun.floe(
            "check",
            "ml.events@exp-1",
            "--contract",
            contract.toString(),
            "--snapshot",
            Long.toString(first),
            "-w",
            w,
            "--json");
    assertThat(old.exitCode()).as(old.err()).isZero();
    assertThat(BranchCommandTest.JSON.readTree(old.out()).get("snapshot_id").asLong())
        .isEqualTo(first);
  }

  @Test
  void badContractIsAOneLineErrorNamingFileLineAndRule() throws Exception {
    Path contract = contract("{\"rules\": [\n  {\"rule\": \"null_rate\", \"max\": 0.1}]}");

    CliRun run = CliRun.floe("check", "ml.events", "--contract", contract.toString(), "-w", w);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith(
            "floe: Invalid contract " + contract + ", line 2, rule null_rate: needs \"column\"");
    Path other = contract("{\"table\": \"ml.other\", \"rules\": []}");
    CliRun wrong = CliRun.floe("check", "ml.events", "--contract", other.toString(), "-w", w);
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err()).contains("is for table ml.other, not ml.events");
  }

  @Test
  void refusesAMissingWarehouseAndCreatesNothing() throws Exception {
    Path contract = contract("{\"rules\": []}");
    Path typo = dir.resolve("typo");

    CliRun run =
        CliRun.floe("check", "ml.events", "--contract", contract.toString(), "-w", typo.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("floe: No warehouse at " + typo);
    assertThat(typo).doesNotExist();
  }

  private long snapshot() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      return floe.tables().load("ml.events").currentSnapshot().snapshotId();
    }
  }

  private Path contract(String json) throws Exception {
    Path file = Files.createTempFile(dir, "contract", ".json");
    Files.writeString(file, json);
    return file;
  }
}
