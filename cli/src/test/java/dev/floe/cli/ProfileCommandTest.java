package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.compaction.Compaction;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * floe profile on a profiled table ({@link ProfiledSamples}): a ref, a snapshot, a diff, errors.
 */
class ProfileCommandTest {
  @TempDir Path warehouse;
  @TempDir Path dir;
  String w;
  long pinned;
  long head;

  @BeforeEach
  void write() {
    ProfiledSamples samples = ProfiledSamples.write(warehouse);
    pinned = samples.pinned();
    head = samples.head();
    w = warehouse.toString();
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
      Table table =
          floe.tables()
              .createIfAbsent("ml.aged", ProfiledSamples.SCHEMA, PartitionSpec.unpartitioned());
      List<Long> appends = new ArrayList<>();
      try (TableWriter writer = TableWriter.forTable(table).producerId("p").profile(true).build()) {
        for (int i = 0; i < 3; i++) {
          appends.add(
              writer
                  .append(Batch.of(i + 1, ProfiledSamples.SCHEMA, ProfiledSamples.rows(i, 0, null)))
                  .snapshotId());
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
