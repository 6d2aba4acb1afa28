package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.compaction.Compaction;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * floe profile and floe check --baseline on a profiled table: 4,000 normal rows tagged {@code pin},
 * then 4,000 rows with score shifted by half a sigma and without the category "cart".
 */
class ProfileCommandTest {
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "score", Types.DoubleType.get()),
          Types.NestedField.optional(3, "category", Types.StringType.get()),
          Types.NestedField.optional(
              4, "embedding", Types.ListType.ofRequired(5, Types.FloatType.get())));
  private static final List<String> CATEGORIES = List.of("click", "view", "cart");

  @TempDir Path warehouse;
  @TempDir Path dir;
  String w;
  long pinned;
  long head;

  @BeforeEach
  void write() {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table =
          floe.tables().createIfAbsent("ml.samples", SCHEMA, PartitionSpec.unpartitioned());
      try (TableWriter writer = TableWriter.forTable(table).producerId("p").profile(true).build()) {
        pinned = writer.append(Batch.of(1, SCHEMA, rows(1, 0, null))).snapshotId();
        table.refresh();
        table.manageSnapshots().createTag("pin", pinned).commit();
        head = writer.append(Batch.of(2, SCHEMA, rows(2, 0.5, "cart"))).snapshotId();
      }
      Table plain = floe.tables().createIfAbsent("ml.plain", SCHEMA, PartitionSpec.unpartitioned());
      try (TableWriter writer = TableWriter.forTable(plain).producerId("p").build()) {
        writer.append(Batch.of(1, SCHEMA, rows(3, 0, null)));
      }
    }
    w = warehouse.toString();
  }

  static List<Record> rows(long seed, double shift, String dropped) {
    Random random = new Random(seed);
    List<Record> rows = new ArrayList<>();
    while (rows.size() < 4000) {
      String category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
      if (category.equals(dropped)) {
        continue;
      }
      Record row = GenericRecord.create(SCHEMA);
      row.setField("id", (long) rows.size());
      row.setField("score", random.nextGaussian() + shift);
      row.setField("category", category);
      row.setField(
          "embedding",
          List.of((float) random.nextGaussian(), (float) random.nextGaussian(), 1f, 0f));
      rows.add(row);
    }
    return rows;
  }

  @Test
  void showsTheMergedProfileOfARefOrASnapshot() throws Exception {
    CliRun all = CliRun.floe("profile", "ml.samples", "-w", w);

    assertThat(all.exitCode()).as(all.err()).isZero();
    assertThat(all.out().lines().findFirst().orElseThrow())
        .isEqualTo("ml.samples snapshot " + head + ": 8,000 rows");
    assertThat(all.out()).contains("top: click ", "dimension 4, norm p50 ");

    JsonNode pin =
        BranchCommandTest.JSON.readTree(
            CliRun.floe("profile", "ml.samples@pin", "-w", w, "--json").out());
    assertThat(pin.get("snapshot_id").asLong()).isEqualTo(pinned);
    assertThat(pin.get("rows").asLong()).isEqualTo(4000);
    JsonNode score = pin.get("columns").get(1);
    assertThat(score.get("column").asText()).isEqualTo("score");
    assertThat(score.get("nulls").asLong()).isZero();
    assertThat(score.get("quantiles").get("p50").asDouble()).isBetween(-0.1, 0.1);
    JsonNode category = pin.get("columns").get(2);
    assertThat(category.get("distinct").asLong()).isEqualTo(3);
    assertThat(category.get("frequent")).hasSize(3);
    JsonNode embedding = pin.get("columns").get(3);
    assertThat(embedding.get("dimension").asInt()).isEqualTo(4);
    assertThat(embedding.get("dimension_means").get(2).asDouble()).isEqualTo(1.0);

    JsonNode old =
        BranchCommandTest.JSON.readTree(
            CliRun.floe(
                    "profile", "ml.samples", "--snapshot", Long.toString(pinned), "-w", w, "--json")
                .out());
    assertThat(old.get("rows").asLong()).isEqualTo(4000);
  }

  @Test
  void aProfileWhoseOlderHistoryExpiredSaysItCoversOnlyTheRetainedAppends() throws Exception {
    long kept;
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table = floe.tables().createIfAbsent("ml.aged", SCHEMA, PartitionSpec.unpartitioned());
      List<Long> appends = new ArrayList<>();
      try (TableWriter writer = TableWriter.forTable(table).producerId("p").profile(true).build()) {
        for (int i = 0; i < 3; i++) {
          appends.add(writer.append(Batch.of(i + 1, SCHEMA, rows(i, 0, null))).snapshotId());
        }
      }
      table.refresh();
      Compaction.expireSnapshots(table)
          .maxSnapshotAge(Duration.ZERO)
          .minSnapshotsToKeep(2)
          .now(Instant.now().plus(Duration.ofDays(1)))
          .commit();
      kept = appends.get(1);
    }

    CliRun text = CliRun.floe("profile", "ml.aged", "-w", w);
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out().lines().findFirst().orElseThrow())
        .contains(": 8,000 rows over 2 retained append(s) since ")
        .endsWith("; older history expired (before snapshot " + kept + ")");

    JsonNode json =
        BranchCommandTest.JSON.readTree(CliRun.floe("profile", "ml.aged", "-w", w, "--json").out());
    assertThat(json.get("rows").asLong()).isEqualTo(8000);
    JsonNode coverage = json.get("coverage");
    assertThat(coverage.get("appends").asInt()).isEqualTo(2);
    assertThat(coverage.get("history_expired").asBoolean()).isTrue();
    assertThat(coverage.get("expired_before_snapshot_id").asLong()).isEqualTo(kept);
    assertThat(Instant.parse(coverage.get("since").asText())).isBefore(Instant.now());

    JsonNode whole =
        BranchCommandTest.JSON.readTree(
            CliRun.floe("profile", "ml.samples", "-w", w, "--json").out());
    assertThat(whole.get("coverage").get("appends").asInt()).isEqualTo(2);
    assertThat(whole.get("coverage").get("history_expired").asBoolean()).isFalse();
    assertThat(whole.get("coverage").get("expired_before_snapshot_id").isNull()).isTrue();
  }

  @Test
  void diffShowsDriftFromTheBaselineRef() throws Exception {
    CliRun text = CliRun.floe("profile", "ml.samples", "--diff", "pin", "-w", w);
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .startsWith("ml.samples snapshot " + head + " (8,000 rows) vs pin snapshot " + pinned)
        .contains("DRIFT")
        .doesNotContain("vanished"); // cart went from 1/3 of the rows at pin to 1/6 at main

    JsonNode diff =
        BranchCommandTest.JSON.readTree(
            CliRun.floe("profile", "ml.samples", "--diff", "pin", "-w", w, "--json").out());
    assertThat(diff.get("baseline_snapshot_id").asLong()).isEqualTo(pinned);
    JsonNode score = diff.get("columns").get(1);
    assertThat(score.get("rows").get(0).asLong()).isEqualTo(4000);
    assertThat(score.get("rows").get(1).asLong()).isEqualTo(8000);
    assertThat(score.get("ks_distance").asDouble())
        .isGreaterThan(score.get("ks_threshold").asDouble());
    assertThat(diff.get("columns").get(2).get("vanished")).isEmpty();
    assertThat(diff.get("columns").get(3).get("mean_shift_sigmas").asDouble()).isLessThan(0.1);
  }

  @Test
  void checkComparesDriftRulesWithTheBaselineFlag() throws Exception {
    Path contract = dir.resolve("samples.contract.json");
    Files.writeString(
        contract,
        "{\"rules\": [{\"rule\": \"drift\", \"column\": \"score\", \"ks_p_value\": 0.01},\n"
            + " {\"rule\": \"drift\", \"column\": \"category\", \"vanished_share\": 0.05,"
            + " \"severity\": \"warn\"}]}");

    CliRun run =
        CliRun.floe(
            "check", "ml.samples", "--contract", contract.toString(), "--baseline", "pin", "-w", w);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out().lines())
        .hasSize(3)
        .anyMatch(
            l ->
                l.startsWith(
                    "BLOCK drift(score) ("
                        + contract
                        + " line 1): snapshot "
                        + head
                        + " vs baseline pin: KS D "))
        .anyMatch(
            l ->
                l.startsWith("WARN drift(category) (" + contract + " line 2): ")
                    && l.contains("vanished categories [cart]"));
    JsonNode json =
        BranchCommandTest.JSON.readTree(
            CliRun.floe(
                    "check",
                    "ml.samples@pin",
                    "--contract",
                    contract.toString(),
                    "--baseline",
                    "pin",
                    "-w",
                    w,
                    "--json")
                .out());
    assertThat(json.get("passed").asBoolean()).isTrue(); // the pin against itself
    assertThat(json.get("results").get(0).get("rule").asText()).isEqualTo("drift");

    CliRun none = CliRun.floe("check", "ml.samples", "--contract", contract.toString(), "-w", w);
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.out()).contains("no baseline: give \"baseline\"");
  }

  @Test
  void checkAnswersSketchRulesFromTheProfilesOneLinePerFailure() throws Exception {
    Path contract = dir.resolve("sketch.contract.json");
    Files.writeString(
        contract,
        "{\"rules\": [{\"rule\": \"quantiles\", \"column\": \"score\", \"p50\": {\"min\": 0.3,"
            + " \"max\": 0.7}},\n"
            + " {\"rule\": \"distinct\", \"column\": \"category\", \"max\": 2},\n"
            + " {\"rule\": \"frequent_items\", \"column\": \"category\", \"required\":"
            + " [\"cart\"]},\n"
            + " {\"rule\": \"unique\", \"column\": \"id\", \"scope\": \"table\","
            + " \"severity\": \"warn\"}]}");

    CliRun run = CliRun.floe("check", "ml.samples", "--contract", contract.toString(), "-w", w);

    // The head append (score shifted by half a sigma, no "cart") against the rules; its ids
    // 0..3999 repeat the first append's.
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out().lines())
        .containsExactly(
            "BLOCK frequent_items(category) ("
                + contract
                + " line 3): floe.ml.samples append "
                + head
                + ": required \"cart\" absent (frequent items over 4,000 values, counts exact)",
            "WARN unique(id) ("
                + contract
                + " line 4): floe.ml.samples append "
                + head
                + ": 4,000 non-null key value(s), 0 repeated within the commit, 4,000 of them"
                + " already in the table (exact, from sketches)",
            "FAILED: ml.samples snapshot "
                + head
                + ", 4 rule(s): 1 blocking and 1 warning failure(s), 0 skipped");
  }

  @Test
  void aFailedJsonProfilePrintsTheErrorAsTheDocument() throws Exception {
    CliRun plain = CliRun.floe("profile", "ml.plain", "-w", w, "--json");

    assertThat(plain.exitCode()).isEqualTo(1);
    assertThat(plain.err()).startsWith("floe: Cannot read the profile of snapshot ");
    JsonNode json = BranchCommandTest.JSON.readTree(plain.out());
    assertThat(json.get("error").asText())
        .startsWith("Cannot read the profile of snapshot ")
        .contains("has none");
    CliRun nope = CliRun.floe("profile", "ml.samples", "--diff", "nope", "-w", w, "--json");
    assertThat(nope.exitCode()).isEqualTo(1);
    assertThat(BranchCommandTest.JSON.readTree(nope.out()).get("error").asText())
        .startsWith("Cannot diff ml.samples: it has no branch or tag 'nope'");
  }

  @Test
  void refusesAnUnknownRefOrATableWithoutProfiles() {
    CliRun nope = CliRun.floe("profile", "ml.samples", "--diff", "nope", "-w", w);
    assertThat(nope.exitCode()).isEqualTo(1);
    assertThat(nope.err())
        .startsWith("floe: Cannot diff ml.samples: it has no branch or tag 'nope'");

    CliRun plain = CliRun.floe("profile", "ml.plain", "-w", w);
    assertThat(plain.exitCode()).isEqualTo(1);
    assertThat(plain.err())
        .startsWith("floe: Cannot read the profile of snapshot ")
        .contains("has none");
    assertThat(plain.out()).isEmpty();

    Path typo = dir.resolve("typo");
    CliRun missing = CliRun.floe("profile", "ml.samples", "-w", typo.toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).startsWith("floe: No warehouse at " + typo);
    assertThat(typo).doesNotExist();
  }
}
