package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.testing.NessieServerExtension;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * floe profile --diff and floe check --baseline in nessie mode: {@code main} is the catalog's
 * default branch, so a Nessie branch is compared with main's rows, not with its own history. Branch
 * {@code drifted} gets rows with score shifted by half a sigma and no "cart"; branch {@code fresh}
 * a new sample of main's distribution.
 */
class NessieProfileCommandTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @TempDir Path warehouse;
  @TempDir Path dir;
  private String table;
  private String drifted;
  private String fresh;
  private String mainHash;

  @BeforeEach
  void write() {
    table = nessie.uniqueName("cli") + ".samples";
    drifted = nessie.uniqueName("drifted");
    fresh = nessie.uniqueName("fresh");
    try (Floe floe = Floe.open(FloeConfig.nessie(nessie.uri(), warehouse.toString()))) {
      Table created =
          floe.tables()
              .createIfAbsent(table, ProfiledSamples.SCHEMA, PartitionSpec.unpartitioned());
      append(TableWriter.forTable(created), "main-p", ProfiledSamples.rows(1, 0, null));
      floe.experiments().create(drifted).commit();
      floe.experiments().create(fresh).commit();
      append(onBranch(floe, drifted), "drifted-p", ProfiledSamples.rows(2, 0.5, "cart"));
      append(onBranch(floe, fresh), "fresh-p", ProfiledSamples.rows(3, 0, null));
      mainHash = floe.tables().nessieHash("main");
    }
  }

  private TableWriter.Builder onBranch(Floe floe, String branch) {
    ResolvedTable resolved = floe.tables().resolve(table + "@" + branch);
    return TableWriter.forTable(resolved);
  }

  private static void append(TableWriter.Builder builder, String producer, List<Record> records) {
    try (TableWriter writer = builder.producerId(producer).profile(true).build()) {
      assertThat(writer.append(Batch.of(1, ProfiledSamples.SCHEMA, records)).duplicate()).isFalse();
    }
  }

  @Test
  void diffComparesANessieBranchWithNessieMain() {
    CliRun diff = floe("profile", table + "@" + drifted, "--diff", "main");

    assertThat(diff.exitCode()).as(diff.err()).isZero();
    assertThat(diff.out())
        .startsWith(table + "@" + drifted + " snapshot ")
        .contains("(8,000 rows) vs main (Nessie commit " + mainHash.substring(0, 12) + ")")
        .contains("DRIFT");
    assertThat(diff.out().lines().findFirst().orElseThrow()).endsWith(" (4,000 rows)");
  }

  @Test
  void checkFlagsTheDriftedBranchAgainstMainAndPassesTheFreshOne() throws Exception {
    Path contract = dir.resolve("samples.contract.json");
    Files.writeString(
        contract,
        "{\"rules\": [{\"rule\": \"drift\", \"column\": \"score\", \"ks_p_value\": 0.01},\n"
            + " {\"rule\": \"drift\", \"column\": \"category\", \"vanished_share\": 0.05}]}");

    CliRun onDrifted =
        floe(
            "check",
            table + "@" + drifted,
            "--contract",
            contract.toString(),
            "--baseline",
            "main");
    CliRun onFresh =
        floe("check", table + "@" + fresh, "--contract", contract.toString(), "--baseline", "main");

    assertThat(onDrifted.exitCode()).as(onDrifted.out() + onDrifted.err()).isEqualTo(1);
    assertThat(onDrifted.out().lines())
        .anyMatch(l -> l.startsWith("BLOCK drift(score) (") && l.contains("vs baseline main ("))
        .anyMatch(
            l ->
                l.startsWith("BLOCK drift(category) (")
                    && l.contains("vanished categories [cart]"));
    assertThat(onFresh.exitCode()).as(onFresh.out() + onFresh.err()).isZero();
    assertThat(onFresh.out()).startsWith("OK: ");
  }

  private CliRun floe(String... args) {
    String[] mode = {
      "-w", warehouse.toString(), "--catalog-mode", "nessie", "--nessie-uri", nessie.uri()
    };
    return CliRun.floe(Stream.concat(Stream.of(args), Stream.of(mode)).toArray(String[]::new));
  }
}
