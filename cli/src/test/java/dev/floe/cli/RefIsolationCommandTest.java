package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.testing.GenericData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ref in a table name means that ref on every command, or the command refuses it (embedded). */
class RefIsolationCommandTest {
  @TempDir Path dir;
  private String w;

  @BeforeEach
  void tableWithBranch() {
    w = dir.resolve("wh").toString();
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(w)))) {
      BranchCommandTest.append(
          floe.tables()
              .createIfAbsent(
                  "demo.events", BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned()),
          "main",
          1,
          2);
    }
    CliRun created = CliRun.floe("branch", "create", "exp-1", "-w", w);
    assertThat(created.exitCode()).as(created.err()).isZero();
  }

  @Test
  void ingestIntoABranchLandsOnTheBranchAndLeavesMainUnchanged() throws Exception {
    long mainBefore = mainSnapshot();
    Path rows =
        Files.writeString(dir.resolve("a.jsonl"), "{\"id\": 3}\n{\"id\": 4}\n{\"id\": 5}\n");

    CliRun ingest = CliRun.floe("ingest", "--table", "demo.events@exp-1", rows.toString(), "-w", w);

    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    assertThat(ingest.out()).contains("Ingested 3 rows", "into demo.events@exp-1");
    CliRun diff = CliRun.floe("branch", "diff", "exp-1", "-w", w, "--json");
    assertThat(BranchCommandTest.JSON.readTree(diff.out()).get("rows_added").asLong()).isEqualTo(3);
    assertThat(mainSnapshot()).isEqualTo(mainBefore);
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(w)))) {
      ResolvedTable branch = floe.tables().resolve("demo.events@exp-1");
      assertThat(GenericData.ids(GenericData.read(branch.table(), branch.ref())))
          .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
      assertThat(GenericData.ids(GenericData.read(branch.table(), "main")))
          .containsExactlyInAnyOrder(1L, 2L);
    }
  }

  @Test
  void ingestIntoATagIsRefused() throws IOException {
    assertThat(CliRun.floe("tag", "demo.events", "v1", "-w", w).exitCode()).isZero();
    Path rows = Files.writeString(dir.resolve("a.jsonl"), "{\"id\": 3}\n");

    CliRun ingest = CliRun.floe("ingest", "--table", "demo.events@v1", rows.toString(), "-w", w);

    assertThat(ingest.exitCode()).isOne();
    assertThat(ingest.err()).contains("Cannot write to demo.events@v1: 'v1' is a tag");
  }

  @Test
  void compactTierAndMaintainOfABranchRewriteOnlyThatBranch() throws IOException {
    Path a = Files.writeString(dir.resolve("a.jsonl"), "{\"id\": 3}\n");
    Path b = Files.writeString(dir.resolve("b.jsonl"), "{\"id\": 4}\n");
    // Two runs: one run of both files would commit them as one file.
    CliRun.floe("ingest", "--table", "demo.events@exp-1", a.toString(), "-w", w);
    CliRun.floe("ingest", "--table", "demo.events@exp-1", b.toString(), "-w", w);
    long mainBefore = mainSnapshot();

    CliRun compact = CliRun.floe("compact", "demo.events@exp-1", "-w", w);

    assertThat(compact.exitCode()).as(compact.err()).isZero();
    assertThat(compact.out()).contains("demo.events@exp-1: rewrote 3 files");
    assertThat(mainSnapshot()).isEqualTo(mainBefore);
    assertThat(CliRun.floe("tag", "demo.events", "v1", "-w", w).exitCode()).isZero();
    CliRun onTag = CliRun.floe("compact", "demo.events@v1", "-w", w);
    assertThat(onTag.exitCode()).isOne();
    assertThat(onTag.err()).contains("Cannot compact demo.events@v1: tag 'v1' is read-only");
    CliRun maintain = CliRun.floe("maintain", "demo.events@v1", "-w", w);
    assertThat(maintain.err()).contains("Cannot maintain demo.events@v1: tag 'v1' is read-only");
  }

  @Test
  void expireAndOrphansOfABranchAreRefusedAsTableWide() {
    CliRun expire = CliRun.floe("expire", "demo.events@exp-1", "-w", w);
    assertThat(expire.exitCode()).isEqualTo(2);
    assertThat(expire.err())
        .contains("snapshot expiry applies to the whole table")
        .contains("run floe expire demo.events");

    CliRun orphans = CliRun.floe("orphans", "demo.events@exp-1", "-w", w);
    assertThat(orphans.exitCode()).isEqualTo(2);
    assertThat(orphans.err()).contains("orphan removal covers the whole table");
  }

  @Test
  void describeHistorySnapshotsTagAndReadUseTheNamedBranch() throws Exception {
    Path rows = Files.writeString(dir.resolve("a.jsonl"), "{\"id\": 3}\n");
    CliRun.floe("ingest", "--table", "demo.events@exp-1", rows.toString(), "-w", w);

    assertThat(CliRun.floe("table", "describe", "demo.events@exp-1", "-w", w).out())
        .contains("Size      3 rows")
        .contains("Refs      exp-1, main");
    var history =
        BranchCommandTest.JSON.readTree(
            CliRun.floe("table", "history", "demo.events@exp-1", "-w", w, "--json").out());
    assertThat(history.get(0).get("total_rows").asLong()).isEqualTo(3);
    assertThat(CliRun.floe("snapshots", "demo.events@exp-1", "-w", w).out()).contains("append");
    CliRun tag = CliRun.floe("tag", "demo.events@exp-1", "exp-done", "-w", w);
    assertThat(tag.exitCode()).as(tag.err()).isZero();
    assertThat(CliRun.floe("read", "demo.events@exp-done", "-w", w).err())
        .contains("(3 rows shown");
    assertThat(CliRun.floe("read", "demo.events@exp-1", "-w", w).err()).contains("(3 rows shown");
    assertThat(CliRun.floe("read", "demo.events", "-w", w).err()).contains("(2 rows shown");
  }

  @Test
  void badTagNamesAreUsageErrors() {
    for (String bad : new String[] {"", "x y", "t/1", "v#1"}) {
      CliRun tag = CliRun.floe("tag", "demo.events", bad, "-w", w);

      assertThat(tag.exitCode()).as(bad).isEqualTo(2);
      assertThat(tag.err()).as(bad).contains("Invalid tag name '" + bad + "'");
      assertThat(tag.err().strip().lines().findFirst().orElseThrow()).contains("Invalid tag name");
    }
    CliRun pin = CliRun.floe("pin", "demo.events", "--tag", "x y", "-w", w, "--no-digest");
    assertThat(pin.exitCode()).isEqualTo(2);
    assertThat(CliRun.floe("tables", "-w", w).out()).doesNotContain("x y").doesNotContain("v#1");
  }

  private long mainSnapshot() {
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(w)))) {
      Snapshot s = floe.tables().load("demo.events").currentSnapshot();
      return s.snapshotId();
    }
  }
}
