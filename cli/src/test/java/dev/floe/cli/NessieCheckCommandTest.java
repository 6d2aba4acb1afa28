package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.testing.NessieServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.PartitionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** floe check on a Nessie branch: the audit gate before a merge, and the diff's commit hash. */
class NessieCheckCommandTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @TempDir Path warehouse;

  @Test
  void checksTheTableOnTheExperimentBranchNotOnMain() throws Exception {
    String table = nessie.uniqueName("cli") + ".events";
    String exp = nessie.uniqueName("exp");
    FloeConfig config = FloeConfig.nessie(nessie.uri(), warehouse.toString());
    try (Floe floe = Floe.open(config)) {
      BranchCommandTest.append(
          floe.tables()
              .createIfAbsent(table, BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned()),
          "main",
          1);
      floe.experiments().create(exp).commit();
      ResolvedTable onBranch = floe.tables().resolve(table + "@" + exp);
      BranchCommandTest.append(onBranch.table(), onBranch.ref(), 2, 3, 4);
    }
    Path contract = warehouse.resolve("contract.json");
    Files.writeString(contract, "{\"rules\": [{\"rule\": \"row_count\", \"max\": 2}]}");
    String[] mode = {
      "--contract",
      contract.toString(),
      "-w",
      warehouse.toString(),
      "--catalog-mode",
      "nessie",
      "--nessie-uri",
      nessie.uri()
    };

    CliRun onMain = CliRun.floe(concat(new String[] {"check", table}, mode));
    CliRun onExp = CliRun.floe(concat(new String[] {"check", table + "@" + exp}, mode));

    assertThat(onMain.exitCode()).as(onMain.err()).isZero();
    assertThat(onExp.exitCode()).isEqualTo(1);
    assertThat(onExp.out()).startsWith("BLOCK row_count (").contains("3 row(s) added");
    JsonNode diff =
        BranchCommandTest.JSON.readTree(
            CliRun.floe(
                    "branch",
                    "diff",
                    exp,
                    "--json",
                    "-w",
                    warehouse.toString(),
                    "--catalog-mode",
                    "nessie",
                    "--nessie-uri",
                    nessie.uri())
                .out());
    assertThat(diff.get("head").asText()).matches("[0-9a-f]{16,64}");
  }

  private static String[] concat(String[] a, String[] b) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
        .toArray(String[]::new);
  }
}
