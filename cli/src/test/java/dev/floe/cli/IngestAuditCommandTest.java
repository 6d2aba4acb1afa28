package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.GenericData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** floe ingest --audit and floe audit: publish what passes, quarantine what a block rule stops. */
class IngestAuditCommandTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "name", Types.StringType.get()));

  @TempDir Path dir;
  private String warehouse;
  private Path contract;

  @BeforeEach
  void createTable() throws IOException {
    warehouse = dir.resolve("wh").toString();
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(warehouse)))) {
      floe.tables().createIfAbsent("db.t", SCHEMA, PartitionSpec.unpartitioned());
    }
    contract =
        write(
            "c.json",
            "{\"table\": \"db.t\", \"rules\": [{\"rule\": \"null_rate\", \"column\": \"name\","
                + " \"max\": 0.1}]}");
    CliRun first = floe("ingest", "db.t", write("good.csv", "id,name\n1,a\n2,b\n3,c\n").toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
  }

  @Test
  void passingRowsArePublishedAndTheAuditBranchDropped() throws IOException {
    Path more = write("more.csv", "id,name\n4,d\n5,e\n");

    CliRun run =
        floe("ingest", "db.t", more.toString(), "--audit", "--contract", contract.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Published db.t@audit-").contains("to main (fast forward)");
    assertThat(ids()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
    assertThat(refs()).containsExactly("main");
  }

  @Test
  void aBlockedFileStaysQuarantinedAndMainUnchangedUntilPublishedOrDropped() throws IOException {
    Path bad = write("bad.csv", "id,name\n10,\n11,\n12,x\n");

    CliRun run =
        floe(
            "ingest",
            "db.t",
            bad.toString(),
            "--audit",
            "--audit-branch",
            "audit-bad",
            "--contract",
            contract.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains("BLOCK null_rate(name) at snapshot ")
        .contains("null rate 0.3333 (2 of 6 rows)")
        .contains("QUARANTINED: 1 staged snapshot(s) of db.t stay on audit-bad, main unchanged");
    assertThat(ids()).containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(refs()).contains("audit-bad");

    CliRun check = floe("audit", "check", "db.t@audit-bad", "--contract", contract.toString());
    assertThat(check.exitCode()).isEqualTo(1);
    assertThat(check.out()).contains("FAILED: db.t@audit-bad, 1 staged snapshot(s)");

    Path relaxed =
        write(
            "relaxed.json",
            "{\"rules\": [{\"rule\": \"null_rate\", \"column\": \"name\", \"max\": 0.5}]}");
    CliRun publish =
        floe("audit", "publish", "db.t@audit-bad", "--contract", relaxed.toString(), "--json");
    assertThat(publish.exitCode()).as(publish.err()).isZero();
    JsonNode json = BranchCommandTest.JSON.readTree(publish.out());
    assertThat(json.get("outcome").asText()).isEqualTo("fast_forward");
    assertThat(json.get("published_snapshot_id").asLong())
        .isEqualTo(json.get("audited_snapshot_id").asLong());
    assertThat(ids()).containsExactlyInAnyOrder(1L, 2L, 3L, 10L, 11L, 12L);

    CliRun drop = floe("audit", "drop", "db.t@audit-bad");
    assertThat(drop.exitCode()).as(drop.err()).isZero();
    assertThat(refs()).containsExactly("main");
  }

  @Test
  void jsonNamesTheBlockingRuleAndExitsOne() throws IOException {
    Path bad = write("bad.csv", "id,name\n10,\n11,\n");

    CliRun run =
        floe(
            "ingest",
            "db.t",
            bad.toString(),
            "--audit",
            "--contract",
            contract.toString(),
            "--json");

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode audit = BranchCommandTest.JSON.readTree(run.out()).get("audit");
    assertThat(audit.get("outcome").asText()).isEqualTo("quarantined");
    assertThat(audit.get("published").asBoolean()).isFalse();
    assertThat(audit.get("published_snapshot_id").isNull()).isTrue();
    assertThat(audit.get("blocked_by").get(0).asText()).startsWith("null_rate(name) at snapshot");
    assertThat(audit.get("branch_dropped").asBoolean()).isFalse();
    assertThat(audit.get("skipped_rules")).isEmpty();
    assertThat(ids()).containsExactlyInAnyOrder(1L, 2L, 3L);
  }

  @Test
  void rowLevelRulesAreNamedAsNotChecked() throws IOException {
    Path rowRules =
        write(
            "rows.json",
            "{\"rules\": [{\"rule\": \"regex\", \"column\": \"name\", \"pattern\": \"[a-z]\"}]}");

    CliRun run =
        floe(
            "ingest",
            "db.t",
            write("more.csv", "id,name\n4,D\n").toString(),
            "--audit",
            "--contract",
            rowRules.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("SKIPPED regex(name): row-level, not checked by the audit");
  }

  @Test
  void contractWithoutAuditIsAUsageError() throws IOException {
    Path more = write("more.csv", "id,name\n4,d\n");

    CliRun run = floe("ingest", "db.t", more.toString(), "--contract", contract.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--audit-branch and --contract need --audit");
    assertThat(ids()).containsExactlyInAnyOrder(1L, 2L, 3L);
  }

  private CliRun floe(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "-w";
    all[args.length + 1] = warehouse;
    return CliRun.floe(all);
  }

  private List<Long> ids() {
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(warehouse)))) {
      return GenericData.ids(GenericData.read(floe.tables().load("db.t"), "main"));
    }
  }

  private List<String> refs() {
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(warehouse)))) {
      Table table = floe.tables().load("db.t");
      return List.copyOf(table.refs().keySet());
    }
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
