package dev.floe.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.exceptions.InvalidContractException;
import org.junit.jupiter.api.Test;

/** A limit outside its rule's domain can never pass: the parser refuses it, naming where. */
class ContractLimitsTest {
  private static Contract rule(String json) {
    return Contract.parse("{\"rules\": [\n" + json + "\n]}", "limits.json");
  }

  @Test
  void aNullRateOutsideZeroToOneIsRefusedWithFileLineAndRule() {
    assertThatThrownBy(() -> rule("{\"rule\": \"null_rate\", \"column\": \"score\", \"max\": -5}"))
        .isInstanceOf(InvalidContractException.class)
        .hasMessage(
            "Invalid contract limits.json, line 2, rule null_rate(score): \"max\" must be in"
                + " [0, 1] (a share of rows): -5.0");
    assertThatThrownBy(() -> rule("{\"rule\": \"null_rate\", \"column\": \"score\", \"max\": 1.5}"))
        .hasMessageContaining("\"max\" must be in [0, 1] (a share of rows): 1.5");
    assertThatThrownBy(
            () -> rule("{\"rule\": \"null_rate\", \"column\": \"score\", \"min\": -0.1}"))
        .hasMessageContaining("\"min\" must be in [0, 1]");
  }

  @Test
  void aNegativeRowCountIsRefused() {
    assertThatThrownBy(() -> rule("{\"rule\": \"row_count\", \"max\": -1}"))
        .isInstanceOf(InvalidContractException.class)
        .hasMessageContaining("line 2, rule row_count: \"max\" must be 0 or more (a count): -1.0");
  }

  @Test
  void minAboveMaxIsRefused() {
    assertThatThrownBy(
            () -> rule("{\"rule\": \"range\", \"column\": \"score\", \"min\": 5, \"max\": 1}"))
        .hasMessageContaining("rule range(score): min 5.0 is above max 1.0");
  }

  @Test
  void limitsInsideTheirDomainParse() {
    Contract contract =
        rule(
            "{\"rule\": \"null_rate\", \"column\": \"score\", \"min\": 0, \"max\": 1},\n"
                + "{\"rule\": \"row_count\", \"min\": 0},\n"
                + "{\"rule\": \"range\", \"column\": \"score\", \"min\": -5, \"max\": -1}");
    assertThat(contract.rules()).hasSize(3);
    assertThat(contract.rules().get(2).min()).isEqualTo(-5.0);
  }

  @Test
  void aBaselineCommitsAboveTheUpperBoundSaysTheBound() {
    assertThatThrownBy(
            () ->
                rule(
                    "{\"rule\": \"drift\", \"column\": \"score\", \"psi\": 0.1,"
                        + " \"baseline_commits\": 99999999999999}"))
        .isInstanceOf(InvalidContractException.class)
        .hasMessageContaining(
            "line 2, rule drift(score): \"baseline_commits\" must be a whole number from 1 to "
                + Integer.MAX_VALUE
                + ": 99999999999999");
    assertThatThrownBy(
            () ->
                rule(
                    "{\"rule\": \"drift\", \"column\": \"score\", \"psi\": 0.1,"
                        + " \"baseline_commits\": 2.5}"))
        .hasMessageContaining("must be a whole number from 1 to");
  }
}
