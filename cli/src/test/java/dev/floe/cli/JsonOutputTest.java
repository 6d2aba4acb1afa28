package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every result-printing command's --json document, parsed: the fields docs/json.md lists. */
class JsonOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path shared;
  @TempDir Path dir;
  static String warehouse;
  static Path lock;

  @BeforeAll
  static void tableAndLock() {
    warehouse = CliTables.events(shared);
    lock = shared.resolve("run.floe.lock.json");
    assertThat(
            CliRun.floe("pin", "ml.events", "--out", lock.toString(), "-w", warehouse).exitCode())
        .isZero();
  }

  static JsonNode json(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--json");
    CliRun run = CliRun.floe(all.toArray(String[]::new));
    assertThat(run.exitCode()).as("%s: %s", all, run.err()).isZero();
    return JSON.readTree(run.out());
  }

  private static long dataFiles(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir.resolve("wh/ml/events/data"))) {
      return files.filter(f -> f.toString().endsWith(".parquet")).count();
    }
  }

  @Test
  void tablesListEachTableWithItsHealth() throws Exception {
    JsonNode events = json("tables", "-w", warehouse).get(0);

    assertThat(events.get("table").asText()).isEqualTo("ml.events");
    assertThat(events.get("rows").asLong()).isEqualTo(6);
    assertThat(events.get("files").asLong()).isEqualTo(2);
    assertThat(events.get("avg_file_size_bytes").asLong())
        .isEqualTo(events.get("bytes").asLong() / 2);
    assertThat(events.get("small_files").asLong()).isEqualTo(2);
    assertThat(events.get("small_file_threshold_bytes").asLong()).isEqualTo(32L << 20);
    assertThat(events.get("delete_files").asLong()).isZero();
    assertThat(events.get("partitions").asLong()).isEqualTo(1);
    assertThat(events.get("snapshots").asInt()).isEqualTo(2);
    assertThat(json("table", "list", "-w", warehouse).get(0)).isEqualTo(events);
  }

  @Test
  void describeGivesFormatVersionAndPartitionFieldsByColumnName() throws Exception {
    JsonNode d = json("table", "describe", "ml.events", "-w", warehouse);

    assertThat(d.get("format_version").asInt()).isEqualTo(2);
    JsonNode day = d.get("partition_spec").get(0);
    assertThat(day.get("name").asText()).isEqualTo("event_ts_day");
    assertThat(day.get("transform").asText()).isEqualTo("day");
    assertThat(day.get("source_column").asText()).isEqualTo("event_ts");
    JsonNode bucket = d.get("partition_spec").get(1);
    assertThat(bucket.get("transform").asText()).isEqualTo("bucket[16]");
    assertThat(bucket.get("source_column").asText()).isEqualTo("user_id");
    assertThat(d.get("snapshots").asInt()).isEqualTo(2);
    assertThat(d.get("small_files").asLong()).isEqualTo(2);
  }

  @Test
  void snapshotsListTheHistoryNewestFirst() throws Exception {
    JsonNode history = json("snapshots", "ml.events", "-w", warehouse);

    assertThat(history).hasSize(2);
    assertThat(history.get(0).get("total_rows").asLong()).isEqualTo(6);
    assertThat(history.get(0).get("added_rows").asLong()).isEqualTo(3);
    assertThat(history.get(0).get("parent_id").asLong())
        .isEqualTo(history.get(1).get("snapshot_id").asLong());
    assertThat(history.get(0).get("operation").asText()).isEqualTo("append");
    assertThat(history.get(0).get("producer").isNull()).isTrue();
  }

  @Test
  void verifyReportsEachTableOfTheLock() throws Exception {
    JsonNode v = json("verify", lock.toString(), "-w", warehouse);

    assertThat(v.get("ok").asBoolean()).isTrue();
    JsonNode table = v.get("tables").get(0);
    assertThat(table.get("table").asText()).isEqualTo("ml.events");
    assertThat(table.get("content_verified").asBoolean()).isTrue();
    assertThat(table.get("rows").asLong()).isEqualTo(6);
    assertThat(table.get("problems")).isEmpty();
  }

  @Test
  void pinWritesTheLockAndReportsWhatItPinned() throws Exception {
    Path out = dir.resolve("p.floe.lock.json");
    JsonNode p = json("pin", "ml.events", "--out", out.toString(), "-w", warehouse);

    assertThat(p.get("lock_file").asText()).isEqualTo(out.toAbsolutePath().toString());
    JsonNode table = p.get("tables").get(0);
    assertThat(table.get("rows").asLong()).isEqualTo(6);
    assertThat(table.get("data_files").asInt()).isEqualTo(2);
    assertThat(table.get("tag").asText()).startsWith("floe-pin-");
    assertThat(table.get("content_digest").asText()).isNotBlank();
    assertThat(out).exists();
  }

  @Test
  void rehydrateReportsRowsAndTheVerifiedDigest() throws Exception {
    JsonNode r = json("rehydrate", lock.toString(), "-w", warehouse);

    JsonNode table = r.get("tables").get(0);
    assertThat(table.get("rows").asLong()).isEqualTo(6);
    assertThat(table.get("verified").asBoolean()).isTrue();
    assertThat(table.get("digest").asText()).isNotBlank();
    assertThat(table.get("file").isNull()).isTrue();
    assertThat(r.get("part").isNull()).isTrue();
  }

  @Test
  void compactTierExpireAndOrphansReportTheirCounts() throws Exception {
    String w = CliTables.events(dir);

    JsonNode c = json("compact", "ml.events", "-w", w);
    assertThat(c.get("table").asText()).isEqualTo("ml.events");
    assertThat(c.get("rewritten_files").asLong()).isEqualTo(2);
    assertThat(c.get("added_files").asLong()).isEqualTo(1);
    assertThat(c.get("groups").asInt()).isEqualTo(1);
    assertThat(c.get("commits").asInt()).isEqualTo(1);
    assertThat(c.get("manifests_written").asInt()).isPositive();
    assertThat(c.get("removed_delete_files").asInt()).isZero();
    assertThat(c.get("snapshot_id").asLong()).isPositive();
    assertThat(c.get("failures")).isEmpty();
    assertThat(c.get("manifests").isNull()).isTrue();

    String cold = dir.resolve("cold").toString();
    JsonNode t = json("tier", "ml.events", "--report", "--cold-location", cold, "-w", w);
    assertThat(t.get("moved_files").isNull()).isTrue();
    assertThat(t.get("tiers").get("hot_files").asLong()).isEqualTo(1);
    assertThat(t.get("tiers").get("cold_files").asLong()).isZero();

    long before = dataFiles(dir);
    JsonNode e = json("expire", "ml.events", "--older-than", "0s", "-w", w);
    assertThat(e.get("expired_snapshots").asInt()).isEqualTo(2);
    assertThat(e.get("deleted_data_files").asLong()).isEqualTo(before - dataFiles(dir));
    assertThat(e.get("kept_pinned_snapshots").asInt()).isZero();
    assertThat(e.get("kept_pinned_files").asInt()).isZero();
    assertThat(e.get("kept_history_files").asInt()).isZero();

    Path stray = Files.writeString(dir.resolve("wh/ml/events/data/stray.parquet"), "x");
    JsonNode o = json("orphans", "ml.events", "--older-than", "0s", "-w", w);
    assertThat(o.get("deleted").asBoolean()).isFalse();
    assertThat(o.get("nessie_aware").asBoolean()).isFalse();
    // Every file but the compacted one: the stray and what expiry left on disk.
    assertThat(o.get("count").asLong()).isEqualTo(dataFiles(dir) - 1);
    assertThat(o.get("files")).hasSize(o.get("count").asInt());
    JsonNode strayFile = null;
    for (JsonNode f : o.get("files")) {
      strayFile = f.get("location").asText().endsWith("stray.parquet") ? f : strayFile;
    }
    assertThat(strayFile).isNotNull();
    assertThat(strayFile.get("size_bytes").asLong()).isEqualTo(1);
    assertThat(stray).exists();
  }

  @Test
  void maintainNestsEachStepsShapeAndTagAndBranchDropPrintJson() throws Exception {
    String w = CliTables.events(dir);

    JsonNode m = json("maintain", "ml.events", "-w", w);

    assertThat(m.get("table").asText()).isEqualTo("ml.events");
    assertThat(m.get("complete").asBoolean()).isTrue();
    assertThat(m.get("compaction").get("rewritten_files").asLong()).isEqualTo(2);
    assertThat(m.get("tiering").isNull()).isTrue();
    // Default policy: snapshots younger than 5 days stay.
    assertThat(m.get("retention").get("expired_snapshots").asInt()).isZero();
    assertThat(m.get("orphans").get("deleted").asBoolean()).isFalse();

    assertThat(CliRun.floe("branch", "create", "exp-1", "-w", w).exitCode()).isZero();
    JsonNode tag = json("tag", "ml.events", "v1", "-w", w);
    JsonNode dropped = json("branch", "drop", "exp-1", "-w", w);
    assertThat(tag.get("tag").asText()).isEqualTo("v1");
    assertThat(tag.get("snapshot_id").asLong())
        .isEqualTo(json("table", "describe", "ml.events", "-w", w).get("snapshot_id").asLong());
    assertThat(dropped.get("dropped").get(0).asText()).isEqualTo("exp-1");
  }
}
