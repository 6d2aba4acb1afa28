package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.NessieServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** floe maintain, orphans, tier and compact on a small table of many small files. */
class MaintainCommandTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.required(2, "category", Types.StringType.get()));

  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @TempDir Path dir;

  private String warehouse() {
    return dir.resolve("wh").toString();
  }

  /** Six appends of one file per category; returns the table's data folder. */
  private Path smallFilesTable() {
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(warehouse())))) {
      return smallFilesTable(floe, "ml.events");
    }
  }

  private static Path smallFilesTable(Floe floe, String name) {
    Table table =
        floe.tables()
            .createIfAbsent(
                name, SCHEMA, PartitionSpec.builderFor(SCHEMA).identity("category").build());
    for (int i = 0; i < 6; i++) {
      List<Record> rows = new ArrayList<>();
      for (String category : List.of("a", "b")) {
        for (int j = 0; j < 10; j++) {
          Record row = GenericRecord.create(SCHEMA);
          row.setField("id", (long) rows.size() + i * 100);
          row.setField("category", category);
          rows.add(row);
        }
      }
      GenericData.append(table, "main", FileFormat.PARQUET, rows);
    }
    return Path.of(java.net.URI.create("file:" + table.location().replaceFirst("^file:", "")))
        .resolve("data");
  }

  private long rows() {
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(warehouse())))) {
      return GenericData.read(floe.tables().load("ml.events"), "main").size();
    }
  }

  @Test
  void maintainRunsEveryStepAndPrintsASummary() throws Exception {
    Path data = smallFilesTable();
    Path stray = data.resolve("stray.parquet");
    Files.writeString(stray, "crashed writer");
    Files.setLastModifiedTime(stray, FileTime.from(Instant.now().minus(Duration.ofDays(4))));
    Path policy = dir.resolve("policy.properties");
    Files.writeString(
        policy,
        String.join(
            "\n",
            "compact.min-input-files=2",
            "expire.older-than=0",
            "expire.retain-last=1",
            "orphans.older-than=3d",
            "tier.cold-after=365d",
            "tier.cold-location=" + dir.resolve("cold")));

    CliRun dryRun = CliRun.floe("orphans", "ml.events", "-w", warehouse());
    assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
    assertThat(dryRun.out()).contains("stray.parquet").contains("1 orphan files");
    assertThat(stray).exists();

    CliRun run =
        CliRun.floe("maintain", "ml.events", "--policy", policy.toString(), "-w", warehouse());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("[1/4] compacting").contains("[4/4] removing orphan files");
    assertThat(run.out())
        .contains("compaction: 2 groups, 12 files -> 2")
        .contains("tiering:    moved 0 files")
        .contains("orphans:    1 files found (dry run; --delete removes them)");
    assertThat(stray).exists();

    CliRun deleting =
        CliRun.floe(
            "maintain", "ml.events", "--policy", policy.toString(), "--delete", "-w", warehouse());

    assertThat(deleting.exitCode()).as(deleting.err()).isZero();
    assertThat(deleting.out()).contains("orphans:    1 files deleted");
    assertThat(stray).doesNotExist();
    assertThat(rows()).isEqualTo(120);

    CliRun again =
        CliRun.floe("maintain", "ml.events", "--policy", policy.toString(), "-w", warehouse());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("compaction: 0 groups");

    CliRun tier =
        CliRun.floe(
            "tier",
            "ml.events",
            "--cold-location",
            dir.resolve("cold").toString(),
            "--cold-after",
            "0s",
            "-w",
            warehouse());
    assertThat(tier.exitCode()).as(tier.err()).isZero();
    assertThat(tier.out())
        .contains("moved 2 files")
        .contains("hot 0 files")
        .contains("cold 2 files");
    assertThat(rows()).isEqualTo(120);
  }

  @Test
  void maintainInNessieModeSkipsExpiryAndCollectsAcrossReferences() throws Exception {
    String table = nessie.uniqueName("cli") + ".events";
    Path data;
    try (Floe floe = Floe.open(FloeConfig.nessie(nessie.uri(), warehouse()))) {
      data = smallFilesTable(floe, table);
    }
    Path stray = data.resolve("stray.parquet");
    Files.writeString(stray, "crashed writer");
    Files.setLastModifiedTime(stray, FileTime.from(Instant.now().minus(Duration.ofDays(4))));
    Path policy = dir.resolve("policy.properties");
    Files.writeString(
        policy,
        String.join(
            "\n", "compact.min-input-files=2", "expire.older-than=0", "orphans.older-than=3d"));

    CliRun run =
        CliRun.floe(
            "maintain",
            table,
            "--policy",
            policy.toString(),
            "--delete",
            "-w",
            warehouse(),
            "--catalog-mode",
            "nessie",
            "--nessie-uri",
            nessie.uri());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("[3/4] expiring snapshots: skipped in nessie mode")
        .contains("[4/4] removing orphan files (Nessie-aware");
    assertThat(run.out())
        .contains("compaction: 2 groups, 12 files -> 2")
        .contains("retention:  skipped (nessie mode")
        .contains("orphans:    1 files deleted");
    assertThat(stray).doesNotExist();
    try (Floe floe = Floe.open(FloeConfig.nessie(nessie.uri(), warehouse()))) {
      assertThat(GenericData.read(floe.tables().load(table), "main")).hasSize(120);
    }
  }

  @Test
  void compactTakesTheNewOptions() {
    smallFilesTable();

    CliRun run =
        CliRun.floe(
            "compact",
            "ml.events",
            "--sort-by",
            "id",
            "--parallelism",
            "2",
            "--max-mb-per-run",
            "64",
            "--rewrite-manifests",
            "-w",
            warehouse());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("rewrote 12 files")
        .contains("in 2 groups")
        .contains("manifests: ");
    assertThat(rows()).isEqualTo(120);
  }

  @Test
  void compactInCommitsThenExpireLeavesOnlyTheLiveFiles() throws Exception {
    Path data = smallFilesTable();

    CliRun compact =
        CliRun.floe("compact", "ml.events", "--partial-progress", "2", "-w", warehouse());

    assertThat(compact.exitCode()).as(compact.err()).isZero();
    assertThat(compact.out()).contains("in 2 groups, 2 commits writing");

    CliRun expire =
        CliRun.floe(
            "expire", "ml.events", "--older-than", "0s", "--retain-last", "1", "-w", warehouse());

    assertThat(expire.exitCode()).as(expire.err()).isZero();
    assertThat(expire.out()).contains("deleted 12 data files");
    try (var files = Files.walk(data)) {
      assertThat(files.filter(f -> f.toString().endsWith(".parquet"))).hasSize(2);
    }
    assertThat(rows()).isEqualTo(120);
  }

  @Test
  void policyFileAsksForDeletionAsDeleteDoes() throws Exception {
    Path data = smallFilesTable();
    Path stray = oldStray(data);
    Path policy = dir.resolve("policy.properties");
    Files.writeString(policy, "orphans.delete=true\n");

    CliRun run =
        CliRun.floe("maintain", "ml.events", "--policy", policy.toString(), "-w", warehouse());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("orphans:    1 files deleted");
    assertThat(stray).doesNotExist();
  }

  @Test
  void deletingOrphansBelowTheSafeMinimumAgeNeedsForceInBothCommands() throws Exception {
    Path data = smallFilesTable();
    Path stray = oldStray(data);
    Path policy = dir.resolve("policy.properties");
    Files.writeString(policy, "orphans.older-than=1h\n");

    CliRun orphans =
        CliRun.floe("orphans", "ml.events", "--older-than", "0s", "--delete", "-w", warehouse());
    CliRun maintain =
        CliRun.floe(
            "maintain", "ml.events", "--policy", policy.toString(), "--delete", "-w", warehouse());

    for (CliRun refused : List.of(orphans, maintain)) {
      assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
      assertThat(refused.err().lines().findFirst().orElseThrow())
          .contains("Refusing to delete orphan files younger than 24h")
          .contains("commit in flight")
          .contains("--force");
    }
    assertThat(orphans.err()).contains("--older-than is 0s");
    assertThat(maintain.err()).contains("orphans.older-than is 1h");
    assertThat(stray).exists();
    assertThat(rows()).isEqualTo(120);

    CliRun dryRun = CliRun.floe("orphans", "ml.events", "--older-than", "0s", "-w", warehouse());
    assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();

    CliRun forced =
        CliRun.floe(
            "orphans", "ml.events", "--older-than", "1h", "--delete", "--force", "-w", warehouse());
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("1 orphan files").contains("deleted");
    assertThat(stray).doesNotExist();
    assertThat(rows()).isEqualTo(120);
  }

  private static Path oldStray(Path data) throws java.io.IOException {
    Path stray = data.resolve("stray.parquet");
    Files.writeString(stray, "crashed writer");
    Files.setLastModifiedTime(stray, FileTime.from(Instant.now().minus(Duration.ofDays(4))));
    return stray;
  }
}
