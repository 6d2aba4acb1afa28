package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.testing.NessieServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe table create/evolve/drop} against a real Nessie server. */
class NessieTableCommandTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @TempDir Path dir;
  private String table;
  private String[] mode;
  private Path schema;

  @BeforeEach
  void names() throws Exception {
    table = nessie.uniqueName("tbl") + ".events";
    String warehouse = dir.resolve("wh").toString();
    mode = new String[] {"-w", warehouse, "--catalog-mode", "nessie", "--nessie-uri", nessie.uri()};
    schema = Files.writeString(dir.resolve("s.json"), TableCreateCommandTest.SCHEMA_JSON);
  }

  @Test
  void createsEvolvesAndDropsOnTheCatalogsBranch() throws Exception {
    CliRun created =
        floe(
            "table",
            "create",
            table,
            "--schema",
            schema.toString(),
            "--partition-by",
            "day(event_ts), bucket(user_id, 16)",
            "--json");
    assertThat(created.exitCode()).as(created.err()).isZero();
    JsonNode json = BranchCommandTest.JSON.readTree(created.out());
    assertThat(json.get("partition_fields").get(1).get("source_column").asText())
        .isEqualTo("user_id");

    CliRun evolved = floe("table", "evolve", table, "--add-column", "note string");
    assertThat(evolved.exitCode()).as(evolved.err()).isZero();
    assertThat(floe("table", "describe", table).out()).contains("note: optional string");

    CliRun purge = floe("table", "drop", table, "--yes-drop-data", "--purge");
    TableCreateCommandTest.assertUsage(purge, "Cannot --purge " + table + " in nessie mode");

    CliRun dropped = floe("table", "drop", table, "--yes-drop-data");
    assertThat(dropped.exitCode()).as(dropped.err()).isZero();
    assertThat(floe("table", "describe", table).exitCode()).isEqualTo(1);
  }

  @Test
  void createsOnABranchThroughNessieRefAndRefusesARefInTheName() {
    String exp = nessie.uniqueName("exp");
    assertThat(floe("table", "create", table, "--schema", schema.toString()).exitCode()).isZero();
    assertThat(floe("branch", "create", exp).exitCode()).isZero();
    String other = table.replace(".events", ".labels");

    TableCreateCommandTest.assertUsage(
        floe("table", "create", other + "@" + exp, "--schema", schema.toString()),
        "in nessie mode a table is created on the catalog's branch; open the catalog on '"
            + exp
            + "' with --nessie-ref "
            + exp);
    CliRun onBranch =
        floe("table", "create", other, "--schema", schema.toString(), "--nessie-ref", exp);

    assertThat(onBranch.exitCode()).as(onBranch.err()).isZero();
    CliRun described = floe("table", "describe", other, "--nessie-ref", exp);
    assertThat(described.exitCode()).as(described.err()).isZero();
    CliRun atRef = floe("table", "describe", other + "@" + exp);
    assertThat(atRef.exitCode()).as(atRef.err()).isZero();
    assertThat(atRef.out()).contains(exp).doesNotContain("Refs      main");
    CliRun onMain = floe("table", "describe", other);
    assertThat(onMain.exitCode()).isEqualTo(1);
    assertThat(onMain.err()).contains("Table does not exist");
  }

  private CliRun floe(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(mode));
    return CliRun.floe(all.toArray(new String[0]));
  }
}
