package dev.floe.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.exceptions.InvalidContractException;
import org.junit.jupiter.api.Test;

/** Sketch rules whose limits no data could meet are refused when parsed, naming where. */
class SketchRuleLimitsTest {
  private static Contract rule(String json) {
    return Contract.parse("{\"rules\": [\n" + json + "\n]}", "sketch.json");
  }

  @Test
  void distinctNeedsALimitAndRatiosAreShares() {
    assertThatThrownBy(() -> rule("{\"rule\": \"distinct\", \"column\": \"id\"}"))
        .isInstanceOf(InvalidContractException.class)
        .hasMessage(
            "Invalid contract sketch.json, line 2, rule distinct(id): needs a limit: \"min\","
                + " \"max\", \"min_ratio\" or \"max_ratio\"");
    assertThatThrownBy(
            () -> rule("{\"rule\": \"distinct\", \"column\": \"id\", \"min_ratio\": 1.5}"))
        .hasMessageContaining("rule distinct(id): \"min_ratio\" must be in [0, 1] (a share): 1.5");
    assertThatThrownBy(() -> rule("{\"rule\": \"distinct\", \"column\": \"id\", \"min\": -1}"))
        .hasMessageContaining("\"min\" must be 0 or more (a count): -1.0");
    assertThatThrownBy(
            () -> rule("{\"rule\": \"distinct\", \"column\": \"id\", \"min\": 9, \"max\": 3}"))
        .hasMessageContaining("min 9.0 is above max 3.0");
  }

  @Test
  void scopeIsCommitOrTable() {
    assertThat(rule("{\"rule\": \"unique\", \"column\": \"id\"}").rules().get(0).sketch().scope())
        .isEqualTo(SketchLimits.Scope.COMMIT);
    assertThatThrownBy(
            () -> rule("{\"rule\": \"unique\", \"column\": \"id\", \"scope\": \"tabel\"}"))
        .hasMessageContaining("rule unique(id): \"scope\" must be commit or table, not \"tabel\"");
    assertThatThrownBy(() -> rule("{\"rule\": \"unique\", \"column\": \"id\", \"max\": 1}"))
        .hasMessageContaining("rule unique(id): unknown field \"max\"");
  }

  @Test
  void quantilesArePercentilesWithBoundsInOrder() {
    SketchLimits limits =
        rule("{\"rule\": \"quantiles\", \"column\": \"x\", \"p99.9\": {\"max\": 5},"
                + " \"p50\": {\"min\": -1, \"max\": 1}}")
            .rules()
            .get(0)
            .sketch();
    assertThat(limits.quantiles())
        .extracting(SketchLimits.QuantileBound::label, SketchLimits.QuantileBound::rank)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("p99.9", 0.999),
            org.assertj.core.groups.Tuple.tuple("p50", 0.5));
    assertThatThrownBy(() -> rule("{\"rule\": \"quantiles\", \"column\": \"x\"}"))
        .hasMessageContaining("rule quantiles(x): needs a quantile's bounds");
    assertThatThrownBy(
            () -> rule("{\"rule\": \"quantiles\", \"column\": \"x\", \"p101\": {\"max\": 1}}"))
        .hasMessageContaining("\"p101\" is no percentile (p0 to p100)");
    assertThatThrownBy(
            () ->
                rule(
                    "{\"rule\": \"quantiles\", \"column\": \"x\", \"p50\": {\"min\": 2, \"max\":"
                        + " 1}}"))
        .hasMessageContaining("rule quantiles(x) p50: min 2.0 is above max 1.0");
    assertThatThrownBy(
            () -> rule("{\"rule\": \"quantiles\", \"column\": \"x\", \"p50\": {\"mx\": 1}}"))
        .hasMessageContaining("unknown field \"mx\"");
    assertThatThrownBy(() -> rule("{\"rule\": \"quantiles\", \"column\": \"x\", \"median\": 1}"))
        .hasMessageContaining("unknown field \"median\"");
  }

  @Test
  void frequentItemsLimitsMustBeSatisfiable() {
    assertThatThrownBy(() -> rule("{\"rule\": \"frequent_items\", \"column\": \"c\"}"))
        .hasMessageContaining("needs a limit: \"allowed\", \"required\" or \"share\"");
    assertThatThrownBy(
            () ->
                rule(
                    "{\"rule\": \"frequent_items\", \"column\": \"c\", \"allowed\": [\"a\"],"
                        + " \"required\": [\"b\"]}"))
        .hasMessageContaining("requires \"b\", which \"allowed\" refuses");
    assertThatThrownBy(
            () ->
                rule(
                    "{\"rule\": \"frequent_items\", \"column\": \"c\", \"share\": {\"a\":"
                        + " {\"max\": 1.2}}}"))
        .hasMessageContaining(
            "rule frequent_items(c) share of \"a\": \"max\" must be in [0, 1] (a share): 1.2");
    assertThatThrownBy(
            () -> rule("{\"rule\": \"frequent_items\", \"column\": \"c\", \"allowed\": [1, 2]}"))
        .hasMessageContaining("\"allowed\" holds 1: the sketch keeps strings only");
    assertThatThrownBy(
            () ->
                rule(
                    "{\"rule\": \"frequent_items\", \"column\": \"c\", \"required\": [\"a\"],"
                        + " \"top\": 2}"))
        .hasMessageContaining("\"top\" limits \"allowed\", which is missing");
  }

  @Test
  void psiAloneIsPointedToTheDriftRule() {
    assertThatThrownBy(() -> rule("{\"rule\": \"psi\", \"column\": \"x\"}"))
        .hasMessageContaining("rule psi: is a limit of the drift rule");
  }
}
