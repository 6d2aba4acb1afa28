package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.exceptions.InvalidContractException;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.ingest.contract.Contract;
import dev.floe.ingest.contract.ContractReport;
import dev.floe.ingest.contract.RuleResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Contracts checked from metadata only, and their row rules in the writer. */
class ContractTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private Table table;
  private Instant committedAt;

  @BeforeEach
  void write() {
    table = Events.createUnpartitioned(temp.floe());
    // Ten rows: amount 0..13.5, event_ts up to DAY_ONE + 9h, label null on rows 0 and 5.
    List<Record> rows = new ArrayList<>(Events.batch(0, 0, 10).records());
    rows.get(0).setField("label", null);
    rows.get(5).setField("label", null);
    try (TableWriter writer = TableWriter.forTable(table).producerId("p").build()) {
      writer.append(Batch.of(0, Events.SCHEMA, rows));
    }
    table.refresh();
    committedAt = Instant.ofEpochMilli(table.currentSnapshot().timestampMillis());
  }

  @Test
  void everyMetadataRulePassesOnDataThatKeepsIt() {
    ContractReport report = check(passing(), committedAt.plusSeconds(60));

    assertThat(report.results())
        .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isNotEqualTo(failed()));
    assertThat(report.passed()).isTrue();
    assertThat(report.snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
    assertThat(message(report, "null_rate(label)")).contains("null rate 0.2000 (2 of 10 rows)");
    assertThat(message(report, "range(amount)")).contains("values in [0.0, 13.5]");
  }

  @Test
  void everyMetadataRuleFailsOnDataThatBreaksIt() {
    String json =
        """
        {"table": "ml.flat_events",
         "columns": [
           {"name": "id", "type": "string"},
           {"name": "label", "required": true},
           {"name": "missing"}],
         "rules": [
           {"rule": "row_count", "max": 5},
           {"rule": "null_rate", "column": "label", "max": 0.1},
           {"rule": "range", "column": "amount", "min": 0, "max": 10},
           {"rule": "freshness", "column": "event_ts", "max_lag": "1d"},
           {"rule": "last_commit", "max_age": "1h"}]}
        """;
    ContractReport report = check(Contract.parse(json, "c.json"), committedAt.plusSeconds(7200));

    assertThat(report.results()).extracting(RuleResult::status).containsOnly(failed());
    assertThat(report.passed()).isFalse();
    assertThat(message(report, "schema(id)")).isEqualTo("type long, expected string");
    assertThat(message(report, "schema(label)")).contains("2 null(s)");
    assertThat(message(report, "schema(missing)")).isEqualTo("no column missing");
    assertThat(message(report, "row_count")).startsWith("10 row(s) added by snapshot");
    assertThat(message(report, "null_rate(label)")).contains("0.2000");
    assertThat(message(report, "range(amount)")).contains("values in [0.0, 13.5]");
    assertThat(message(report, "freshness(event_ts)")).contains("2026-11-01T17:00:00Z");
    assertThat(message(report, "last_commit")).contains("PT2H old (max PT1H)");
  }

  @Test
  void freshnessOfAnIdleTableComesFromTheClockNotFromANewCommit() {
    Contract contract =
        Contract.parse("{\"rules\": [{\"rule\": \"last_commit\", \"max_age\": \"1h\"}]}", "c");

    assertThat(check(contract, committedAt.plus(Duration.ofMinutes(59))).passed()).isTrue();
    assertThat(check(contract, committedAt.plus(Duration.ofMinutes(61))).passed()).isFalse();
  }

  @Test
  void warnRulesReportButDoNotFailTheCheck() {
    String json =
        "{\"rules\": [{\"rule\": \"row_count\", \"max\": 5, \"severity\": \"warn\"},"
            + " {\"rule\": \"row_count\", \"min\": 1}]}";
    ContractReport report = check(Contract.parse(json, "c"), committedAt);

    assertThat(report.failures()).hasSize(1);
    assertThat(report.failures().get(0).blocks()).isFalse();
    assertThat(report.passed()).isTrue();
  }

  @Test
  void rowRulesAreSkippedByTheCheckAndEnforcedByTheWriter() {
    String json =
        """
        {"rules": [
          {"rule": "allowed_values", "column": "user_id", "values": [0, 1, 2, 3, 4, 5, 6]},
          {"rule": "regex", "column": "label", "pattern": "label-[0-9]"},
          {"rule": "range", "column": "amount", "max": 1000},
          {"rule": "regex", "column": "label", "pattern": "nothing", "severity": "warn"}]}
        """;
    Contract contract = Contract.parse(json, "c");
    assertThat(check(contract, committedAt).results())
        .extracting(RuleResult::status)
        .containsExactly(
            RuleResult.Status.SKIPPED,
            RuleResult.Status.SKIPPED,
            RuleResult.Status.PASSED, // range: from the manifests' bounds, and per row
            RuleResult.Status.SKIPPED);

    List<Record> rows = new ArrayList<>(Events.batch(1, 100, 3).records());
    try (TableWriter writer =
        contract.applyTo(TableWriter.forTable(table).producerId("q")).build()) {
      writer.append(Batch.of(1, Events.SCHEMA, rows)); // long user ids match the JSON numbers
      rows.get(1).setField("label", "bogus");
      assertThatThrownBy(() -> writer.append(Batch.of(2, Events.SCHEMA, rows)))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining(
              "row 1 column 'label' value bogus breaks rule 'matches /label-[0-9]/'");
      rows.get(1).setField("label", "label-1");
      rows.get(2).setField("user_id", 99L);
      assertThatThrownBy(() -> writer.append(Batch.of(3, Events.SCHEMA, rows)))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("row 2 column 'user_id' value 99 breaks rule 'one of [0, 1, 2");
      rows.get(2).setField("user_id", 2L);
      rows.get(0).setField("amount", 5000.0);
      assertThatThrownBy(() -> writer.append(Batch.of(4, Events.SCHEMA, rows)))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining(
              "row 0 column 'amount' value 5000.0 breaks rule 'in [-Infinity, 1000.0]'");
    }
  }

  @Test
  void parseErrorsNameTheFileTheLineAndTheRule() {
    String typo = "{\n \"rules\": [\n  {\"rule\": \"row_count\",\n   \"mxa\": 5}]}";
    assertThatThrownBy(() -> Contract.parse(typo, "events.json"))
        .isInstanceOf(InvalidContractException.class)
        .hasMessageStartingWith(
            "Invalid contract events.json, line 3, rule row_count: unknown field \"mxa\"");
    String unknown = "{\"rules\": [{\"rule\": \"median\", \"column\": \"amount\"}]}";
    assertThatThrownBy(() -> Contract.parse(unknown, "c.json"))
        .hasMessageContaining("line 1, rule median: unknown rule (known: row_count, freshness");
    String empty = "{\"rules\": [{\"rule\": \"quantiles\", \"column\": \"amount\"}]}";
    assertThatThrownBy(() -> Contract.parse(empty, "c.json"))
        .hasMessageContaining("rule quantiles(amount): needs a quantile's bounds");
    String badJson = "{\n\"rules\": [\n{\"rule\": }]}";
    assertThatThrownBy(() -> Contract.parse(badJson, "c.json"))
        .isInstanceOf(InvalidContractException.class)
        .hasMessageStartingWith("Invalid contract c.json, line 3:");
    String badSeverity = "{\"columns\": [{\"name\": \"id\", \"severity\": \"fatal\"}]}";
    assertThatThrownBy(() -> Contract.parse(badSeverity, "c.json"))
        .hasMessageContaining("rule column id: severity must be warn or block");
  }

  @Test
  void aKeyGivenTwiceIsRefusedNotOverwrittenByTheLastValue(@TempDir Path dir) throws IOException {
    String twice = "{\"rules\": [\n{\"rule\": \"row_count\", \"max\": 100, \"max\": 1e9}]}";
    assertThatThrownBy(() -> Contract.parse(twice, "c.json"))
        .isInstanceOf(InvalidContractException.class)
        .hasMessageContaining("Invalid contract c.json, line 2")
        .hasMessageContaining("Duplicate field 'max'");
    String rulesTwice = "{\"rules\": [], \"rules\": []}";
    assertThatThrownBy(() -> Contract.parse(rulesTwice, "c.json"))
        .hasMessageContaining("Duplicate field 'rules'");
    Path garbage = dir.resolve("garbage.json");
    Files.write(garbage, new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0x80});
    assertThatThrownBy(() -> Contract.read(garbage))
        .isInstanceOf(InvalidContractException.class)
        .hasMessage("Cannot read contract " + garbage + ": not UTF-8 text");
  }

  private Contract passing() {
    String json =
        """
        {"apiVersion": "v3.0.0", "kind": "DataContract", "table": "ml.flat_events",
         "columns": [
           {"name": "id", "type": "long", "required": true},
           {"name": "event_ts", "type": "timestamptz"}],
         "rules": [
           {"rule": "row_count", "min": 1, "max": 100},
           {"rule": "null_rate", "column": "label", "max": 0.25},
           {"rule": "range", "column": "amount", "min": 0, "max": 100},
           {"rule": "freshness", "column": "event_ts", "max_lag": "3650d"},
           {"rule": "last_commit", "max_age": "1h"}]}
        """;
    return Contract.parse(json, "passing.json");
  }

  private ContractReport check(Contract contract, Instant now) {
    return contract.check(table).clock(Clock.fixed(now, ZoneOffset.UTC)).get();
  }

  private static String message(ContractReport report, String label) {
    return report.results().stream()
        .filter(r -> r.rule().label().equals(label))
        .findFirst()
        .orElseThrow()
        .message();
  }

  private static RuleResult.Status failed() {
    return RuleResult.Status.FAILED;
  }
}
