package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * floe check on a profiled table ({@link ProfiledSamples}): drift rules against {@code --baseline},
 * and sketch rules answered from the profiles.
 */
class CheckBaselineCommandTest {
  @TempDir Path warehouse;
  @TempDir Path dir;
  String w;
  long pinned;
  long head;

  @BeforeEach
  void write() {
    ProfiledSamples samples = ProfiledSamples.write(warehouse);
    pinned = samples.pinned();
    head = samples.head();
    w = warehouse.toString();
  }

  @Test
  void checkComparesDriftRulesWithTheBaselineFlag() throws Exception {
    Path contract = dir.resolve("samples.contract.json");
    Files.writeString(
        contract,
        "{\"rules\": [{\"rule\": \"drift\", \"column\": \"score\", \"ks_p_value\": 0.01},\n"
            + " {\"rule\": \"drift\", \"column\": \"category\", \"vanished_share\": 0.05,"
            + " \"severity\": \"warn\"}]}");

    CliRun run =
        CliRun.floe(
            "check", "ml.samples", "--contract", contract.toString(), "--baseline", "pin", "-w", w);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out().lines())
        .hasSize(3)
        .anyMatch(
            l ->
                l.startsWith(
                    "BLOCK drift(score) ("
                        + contract
                        + " line 1): snapshot "
                        + head
                        + " vs baseline pin: KS D "))
        .anyMatch(
            l ->
                l.startsWith("WARN drift(category) (" + contract + " line 2): ")
                    && l.contains("vanished categories [cart]"));
    JsonNode json =
        BranchCommandTest.JSON.readTree(
            CliRun.floe(
                    "check",
                    "ml.samples@pin",
                    "--contract",
                    contract.toString(),
                    "--baseline",
                    "pin",
                    "-w",
                    w,
                    "--json")
                .out());
    assertThat(json.get("passed").asBoolean()).isTrue(); // the pin against itself
    assertThat(json.get("results").get(0).get("rule").asText()).isEqualTo("drift");

    CliRun none = CliRun.floe("check", "ml.samples", "--contract", contract.toString(), "-w", w);
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.out()).contains("no baseline: give \"baseline\"");
  }

  @Test
  void checkAnswersSketchRulesFromTheProfilesOneLinePerFailure() throws Exception {
    Path contract = dir.resolve("sketch.contract.json");
    Files.writeString(
        contract,
        "{\"rules\": [{\"rule\": \"quantiles\", \"column\": \"score\", \"p50\": {\"min\": 0.3,"
            + " \"max\": 0.7}},\n"
            + " {\"rule\": \"distinct\", \"column\": \"category\", \"max\": 2},\n"
            + " {\"rule\": \"frequent_items\", \"column\": \"category\", \"required\":"
            + " [\"cart\"]},\n"
            + " {\"rule\": \"unique\", \"column\": \"id\", \"scope\": \"table\","
            + " \"severity\": \"warn\"}]}");

    CliRun run = CliRun.floe("check", "ml.samples", "--contract", contract.toString(), "-w", w);

    // The head append (score shifted by half a sigma, no "cart") against the rules; its ids
    // 0..3999 repeat the first append's.
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out().lines())
        .containsExactly(
            "BLOCK frequent_items(category) ("
                + contract
                + " line 3): floe.ml.samples append "
                + head
                + ": required \"cart\" absent (frequent items over 4,000 values, counts exact)",
            "WARN unique(id) ("
                + contract
                + " line 4): floe.ml.samples append "
                + head
                + ": 4,000 non-null key value(s), 0 repeated within the commit, 4,000 of them"
                + " already in the table (exact, from sketches)",
            "FAILED: ml.samples snapshot "
                + head
                + ", 4 rule(s): 1 blocking and 1 warning failure(s), 0 skipped");
  }
}
