package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.NessieServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** floe ingest --audit in nessie mode: a Nessie audit branch, merged or left quarantined. */
class NessieIngestAuditCommandTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "name", Types.StringType.get()));

  @TempDir Path dir;
  private String table;
  private Path contract;

  @BeforeEach
  void createTable() throws IOException {
    table = nessie.uniqueName("wap") + ".t";
    try (Floe floe = Floe.open(config())) {
      floe.tables().createIfAbsent(table, SCHEMA, PartitionSpec.unpartitioned());
    }
    contract =
        write(
            "c.json",
            "{\"rules\": [{\"rule\": \"null_rate\", \"column\": \"name\", \"max\": 0.1}]}");
    CliRun first = floe("ingest", table, write("good.csv", "id,name\n1,a\n2,b\n").toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
  }

  @Test
  void aBlockedFileLeavesMainUnchangedAndAPassingOneIsMerged() throws IOException {
    String branch = nessie.uniqueName("audit");
    CliRun blocked =
        floe(
            "ingest",
            table,
            write("bad.csv", "id,name\n3,\n4,\n").toString(),
            "--audit",
            "--audit-branch",
            branch,
            "--contract",
            contract.toString(),
            "--json");

    assertThat(blocked.exitCode()).isEqualTo(1);
    JsonNode audit = BranchCommandTest.JSON.readTree(blocked.out()).get("audit");
    assertThat(audit.get("outcome").asText()).isEqualTo("quarantined");
    assertThat(audit.get("nessie_hash").asText()).isNotEmpty();
    assertThat(audit.get("blocked_by").get(0).asText()).startsWith("null_rate(name)");
    assertThat(ids(table)).containsExactlyInAnyOrder(1L, 2L);
    assertThat(ids(table + "@" + branch)).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);

    CliRun passed =
        floe(
            "ingest",
            table,
            write("more.csv", "id,name\n5,e\n").toString(),
            "--audit",
            "--contract",
            contract.toString());
    assertThat(passed.exitCode()).as(passed.out() + passed.err()).isZero();
    assertThat(passed.out()).contains("(merged)", "audit branch dropped");
    assertThat(ids(table)).containsExactlyInAnyOrder(1L, 2L, 5L);

    assertThat(floe("audit", "drop", table + "@" + branch).exitCode()).isZero();
  }

  private FloeConfig config() {
    return FloeConfig.nessie(nessie.uri(), dir.resolve("wh").toString());
  }

  private CliRun floe(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "-w",
            dir.resolve("wh").toString(),
            "--catalog-mode",
            "nessie",
            "--nessie-uri",
            nessie.uri()));
    return CliRun.floe(all.toArray(new String[0]));
  }

  private List<Long> ids(String nameWithRef) {
    try (Floe floe = Floe.open(config())) {
      return GenericData.ids(GenericData.read(floe.tables().resolve(nameWithRef).table(), "main"));
    }
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
