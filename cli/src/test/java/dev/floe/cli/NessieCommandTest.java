package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.testing.NessieServerExtension;
import java.nio.file.Path;
import org.apache.iceberg.PartitionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** floe branch in nessie mode against a real server, and floe nessie status. */
class NessieCommandTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @TempDir Path warehouse;

  @Test
  void branchesAreCatalogWideAndMergeAtomically() throws Exception {
    String ns = nessie.uniqueName("cli");
    String exp = nessie.uniqueName("exp");
    FloeConfig config = FloeConfig.nessie(nessie.uri(), warehouse.toString());
    try (Floe floe = Floe.open(config)) {
      for (String t : new String[] {ns + ".a", ns + ".b"}) {
        BranchCommandTest.append(
            floe.tables()
                .createIfAbsent(t, BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned()),
            "main",
            1);
      }
    }
    String[] mode = {
      "-w", warehouse.toString(), "--catalog-mode", "nessie", "--nessie-uri", nessie.uri()
    };

    CliRun created = CliRun.floe(concat(new String[] {"branch", "create", exp}, mode));
    assertThat(created.exitCode()).as(created.err()).isZero();
    try (Floe floe = Floe.open(config)) {
      for (String t : new String[] {ns + ".a", ns + ".b"}) {
        ResolvedTable onBranch = floe.tables().resolve(t + "@" + exp);
        BranchCommandTest.append(onBranch.table(), onBranch.ref(), 2, 3);
      }
    }
    JsonNode diff =
        BranchCommandTest.JSON.readTree(
            CliRun.floe(concat(new String[] {"branch", "diff", exp, "--json"}, mode)).out());
    assertThat(diff.get("rows_added").asLong()).isEqualTo(4);

    CliRun merged = CliRun.floe(concat(new String[] {"branch", "merge", exp}, mode));
    assertThat(merged.exitCode()).as(merged.err()).isZero();
    assertThat(merged.out()).contains("2 table(s), 4 rows");
    JsonNode history =
        BranchCommandTest.JSON.readTree(
            CliRun.floe(concat(new String[] {"table", "history", ns + ".b", "--json"}, mode))
                .out());
    assertThat(history).hasSize(2);
  }

  @Test
  void statusSaysNotRunningForAFreshWarehouse() throws Exception {
    CliRun status = CliRun.floe("nessie", "status", "-w", warehouse.toString(), "--json");

    assertThat(status.exitCode()).as(status.err()).isEqualTo(1);
    assertThat(BranchCommandTest.JSON.readTree(status.out()).get("running").asBoolean()).isFalse();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
