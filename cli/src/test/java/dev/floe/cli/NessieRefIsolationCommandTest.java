package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.FloeProperties;
import dev.floe.catalog.testing.NessieServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.projectnessie.client.NessieClientBuilder;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.model.Branch;

/**
 * A ref in a table name means that Nessie branch or tag on every command, against a real server.
 */
class NessieRefIsolationCommandTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();
  private static final String NO_ANCESTOR =
      "2e1cfa82b035c26cbbbdae632cea070514eb8b773f616aaeaf668e2f0be8f10d";

  @TempDir Path dir;
  private String table;
  private String[] mode;

  @BeforeEach
  void tableOnMain() {
    table = nessie.uniqueName("iso") + ".events";
    String warehouse = dir.resolve("wh").toString();
    try (Floe floe = Floe.open(FloeConfig.nessie(nessie.uri(), warehouse))) {
      BranchCommandTest.append(
          floe.tables()
              .createIfAbsent(table, BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned()),
          "main",
          1,
          2);
    }
    mode = new String[] {"-w", warehouse, "--catalog-mode", "nessie", "--nessie-uri", nessie.uri()};
  }

  @Test
  void ingestAndCompactOnANessieBranchLeaveMainUnchanged() throws Exception {
    String exp = nessie.uniqueName("exp");
    assertThat(floe("branch", "create", exp).exitCode()).isZero();
    Path a = Files.writeString(dir.resolve("a.jsonl"), "{\"id\": 3}\n{\"id\": 4}\n");
    Path b = Files.writeString(dir.resolve("b.jsonl"), "{\"id\": 5}\n");

    // Two runs: one run of both files would commit them as one file.
    CliRun ingest = floe("ingest", "--table", table + "@" + exp, a.toString());
    CliRun second = floe("ingest", "--table", table + "@" + exp, b.toString());

    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    JsonNode diff = BranchCommandTest.JSON.readTree(floe("branch", "diff", exp, "--json").out());
    assertThat(diff.get("rows_added").asLong()).isEqualTo(3);
    assertThat(floe("read", table).err()).contains("(2 rows shown");
    CliRun compact = floe("compact", table + "@" + exp);
    assertThat(compact.exitCode()).as(compact.err()).isZero();
    assertThat(compact.out()).contains("rewrote 3 files");
    assertThat(floe("read", table + "@" + exp).err()).contains("(5 rows shown");
    assertThat(BranchCommandTest.JSON.readTree(floe("table", "history", table, "--json").out()))
        .hasSize(1);

    String tag = nessie.uniqueName("t");
    assertThat(floe("tag", table + "@" + exp, tag).exitCode()).isZero();
    CliRun onTag = floe("ingest", "--table", table + "@" + tag, b.toString());
    assertThat(onTag.exitCode()).isOne();
    assertThat(onTag.err()).contains("is a tag, which is read-only");
  }

  @Test
  void expireSaysWhyItDoesNotApplyAndWhatDoes() {
    CliRun expire = floe("expire", table);

    assertThat(expire.exitCode()).isOne();
    String first = expire.err().lines().findFirst().orElseThrow();
    assertThat(first)
        .contains("Cannot expire " + table + " in nessie mode")
        .contains("reachability collection: floe orphans " + table);
  }

  @Test
  void tablesAndDescribeListEveryNessieBranchAndTagHoldingTheTable() throws Exception {
    // `floe tables` reads every table of the catalog's branch: start from an empty one, so tables
    // of other tests on the shared server (whose warehouses are gone) are not on it.
    String root = nessie.uniqueName("root");
    try (NessieApiV2 api =
        NessieClientBuilder.createClientBuilderFromSystemSettings()
            .withUri(nessie.uri())
            .build(NessieApiV2.class)) {
      api.createReference().sourceRefName("main").reference(Branch.of(root, NO_ANCESTOR)).create();
    }
    String warehouse = dir.resolve("own").toString();
    String own = nessie.uniqueName("own") + ".events";
    FloeConfig config =
        FloeConfig.builder()
            .set(FloeProperties.CATALOG_MODE, "nessie")
            .set(FloeProperties.NESSIE_URI, nessie.uri())
            .set(FloeProperties.NESSIE_REF, root)
            .set(FloeProperties.WAREHOUSE, warehouse)
            .build();
    try (Floe floe = Floe.open(config)) {
      BranchCommandTest.append(
          floe.tables()
              .createIfAbsent(own, BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned()),
          "main",
          1);
    }
    mode =
        new String[] {
          "-w",
          warehouse,
          "--catalog-mode",
          "nessie",
          "--nessie-uri",
          nessie.uri(),
          "--nessie-ref",
          root
        };
    List<String> refs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String branch = nessie.uniqueName("b");
      // No --from: a new branch starts from the catalog's branch (--nessie-ref), not Nessie's main.
      CliRun created =
          i == 0
              ? floe("branch", "create", branch)
              : floe("branch", "create", branch, "--from", root);
      assertThat(created.exitCode()).as(created.err()).isZero();
      refs.add(branch);
    }
    String tag = nessie.uniqueName("t");
    CliRun tagged = floe("tag", own, tag);
    assertThat(tagged.exitCode()).as(tagged.err()).isZero();
    refs.add(tag);
    refs.add(root);

    CliRun tables = floe("tables");
    assertThat(tables.out().lines().filter(l -> l.startsWith(own + " ")))
        .as(tables.out() + tables.err())
        .singleElement()
        .satisfies(line -> assertThat(line).contains(refs));
    assertThat(floe("table", "describe", own).out()).contains(refs);
    JsonNode described =
        BranchCommandTest.JSON.readTree(floe("table", "describe", own, "--json").out());
    List<String> describedRefs = new ArrayList<>();
    described.get("refs").forEach(r -> describedRefs.add(r.asText()));
    assertThat(describedRefs).contains("main").containsAll(refs);
    JsonNode list = BranchCommandTest.JSON.readTree(floe("table", "list", "--json").out());
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("refs").toString()).contains(refs);
  }

  @Test
  void badTagNamesAreUsageErrors() {
    for (String bad : new String[] {"", "x y", "t/1", "v#1"}) {
      CliRun tag = floe("tag", table, bad);

      assertThat(tag.exitCode()).as(bad).isEqualTo(2);
      assertThat(tag.err()).as(bad).contains("Invalid tag name '" + bad + "'");
    }
  }

  private CliRun floe(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + mode.length);
    System.arraycopy(mode, 0, all, args.length, mode.length);
    return CliRun.floe(all);
  }
}
