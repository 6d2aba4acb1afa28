package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** floe report: the figures of --json, the page's self-containment, caps and bad refs. */
class ReportCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void jsonHasTheTablesRealFigures() throws Exception {
    ReportTables t = ReportTables.events(dir);
    long expOwnBytes;
    try (Floe floe = Floe.open(FloeConfig.embedded(Path.of(t.warehouse())))) {
      Table table = floe.tables().load("ml.events");
      expOwnBytes = 0;
      for (DataFile f : table.snapshot(t.expHead()).addedDataFiles(table.io())) {
        expOwnBytes += f.fileSizeInBytes();
      }
    }

    CliRun run = CliRun.floe("report", "ml.events", "-w", t.warehouse(), "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode r = JSON.readTree(run.out());
    assertThat(r.get("ref").asText()).isEqualTo("main");
    assertThat(r.get("snapshot_id").asLong()).isEqualTo(t.mainSnapshots().get(4));
    // Five appends of two countries: two files each, five per partition.
    assertThat(r.get("data_files").asLong()).isEqualTo(10);
    assertThat(r.get("partitions")).hasSize(2);
    assertThat(r.get("partitions").get(0).get("partition").asText()).isEqualTo("0/country=DE");
    assertThat(r.get("partitions").get(0).get("files").asLong()).isEqualTo(5);
    assertThat(r.get("partitions").get(0).get("rows").asLong()).isEqualTo(25);
    assertThat(r.get("small_files").asLong())
        .isEqualTo(10); // kilobytes against a quarter of the target size
    assertThat(r.get("snapshots_total").asInt()).isEqualTo(5);
    List<Long> ids = new ArrayList<>();
    r.get("snapshots").forEach(s -> ids.add(s.get("snapshot_id").asLong()));
    assertThat(ids).isEqualTo(t.mainSnapshots());
    assertThat(r.get("snapshots").get(2).get("data_files").asLong()).isEqualTo(6);
    assertThat(r.get("snapshots").get(2).get("rows").asLong()).isEqualTo(30);
    assertThat(r.get("snapshots").get(1).get("producer").asText()).isEqualTo("ingest-beta");
    JsonNode producers = r.get("producers");
    assertThat(producers).hasSize(2);
    assertThat(producers.get(0).get("producer").asText()).isEqualTo("ingest-alpha");
    assertThat(producers.get(0).get("commits").asLong()).isEqualTo(3);
    assertThat(producers.get(1).get("producer").asText()).isEqualTo("ingest-beta");
    assertThat(producers.get(1).get("commits").asLong()).isEqualTo(2); // exp-1's is not on main
    assertThat(producers.get(1).get("rows").asLong()).isEqualTo(20);

    JsonNode refs = r.get("refs");
    assertThat(refs)
        .extracting(n -> n.get("name").asText())
        .containsExactly("exp-1", "floe-pin-" + t.tagged(), "main", "train-1");
    assertThat(refs.get(0).get("type").asText()).isEqualTo("branch");
    assertThat(refs.get(0).get("files").asLong()).isEqualTo(8);
    assertThat(refs.get(0).get("exclusive_bytes").asLong()).isEqualTo(expOwnBytes);
    assertThat(refs.get(1).get("pinned").asBoolean()).isTrue();
    assertThat(refs.get(1).get("exclusive_bytes").asLong()).isZero();
    assertThat(refs.get(3).get("type").asText()).isEqualTo("tag");
    assertThat(refs.get(3).get("pinned").asBoolean()).isFalse();
    assertThat(r.get("pins"))
        .extracting(JsonNode::asText)
        .containsExactly("floe-pin-" + t.tagged());
    assertThat(r.get("tiers").get("hot_files").asInt()).isEqualTo(10);
    assertThat(r.get("tiers").get("elsewhere_files").asInt()).isZero();

    JsonNode profiles = r.get("profiles");
    assertThat(profiles.get("appends_profiled").asInt()).isEqualTo(5);
    JsonNode score = profiles.get("points").get(0).get("columns").get("score");
    assertThat(score.get("null_rate").asDouble()).isEqualTo(0.4); // i = 0, 3, 6, 9 of 10
    assertThat(score.get("psi").isNull()).isTrue(); // the first profiled append is the baseline
    JsonNode lastScore = profiles.get("points").get(4).get("columns").get("score");
    assertThat(lastScore.get("psi").asDouble()).isGreaterThan(0.2); // scores moved up by 50
  }

  @Test
  void reportOfABranchFollowsItsAncestry() throws Exception {
    ReportTables t = ReportTables.events(dir);

    CliRun run = CliRun.floe("report", "ml.events@exp-1", "-w", t.warehouse(), "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode r = JSON.readTree(run.out());
    assertThat(r.get("ref").asText()).isEqualTo("exp-1");
    assertThat(r.get("snapshot_id").asLong()).isEqualTo(t.expHead());
    assertThat(r.get("snapshots_total").asInt()).isEqualTo(4);
    assertThat(r.get("data_files").asLong()).isEqualTo(8);
  }

  @Test
  void pageIsSelfContainedAndSaysWhenTheSeriesIsCapped() throws Exception {
    ReportTables t = ReportTables.events(dir);
    Path out = dir.resolve("report.html");

    CliRun run =
        CliRun.floe(
            "report",
            "ml.events",
            "-w",
            t.warehouse(),
            "--out",
            out.toString(),
            "--max-snapshots",
            "2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("health report written to").contains("10 data files");
    String html = Files.readString(out);
    Matcher external =
        Pattern.compile("(?i)(src|href|url)\\s*[=(]\\s*[\"']?\\s*(https?:)?//").matcher(html);
    assertThat(external.find()).as("external reference in the page").isFalse();
    assertThat(html).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://");
    assertThat(html).contains("<svg").contains("The newest 2 of 5 snapshots are shown");
    assertThat(html).contains(Long.toString(t.mainSnapshots().get(4)));
    assertThat(html).doesNotContain(Long.toString(t.mainSnapshots().get(0)));
    assertThat(dir.resolve(".report.html.tmp")).doesNotExist();
  }

  @Test
  void tableWithoutCommitsGetsAPageThatSaysSo() throws Exception {
    Path warehouse = dir.resolve("wh");
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      floe.tables()
          .createIfAbsent(
              "ml.empty", ReportTables.SCHEMA, org.apache.iceberg.PartitionSpec.unpartitioned());
    }
    Path out = dir.resolve("empty.html");

    CliRun run =
        CliRun.floe("report", "ml.empty", "-w", warehouse.toString(), "--out", out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(out))
        .contains("No data files.")
        .contains("No snapshots yet.")
        .contains("no profiles");
  }

  @Test
  void unknownRefFailsNamingTheRefsThereAre() {
    ReportTables t = ReportTables.events(dir);
    Path out = dir.resolve("nope.html");

    CliRun run =
        CliRun.floe("report", "ml.events@nope", "-w", t.warehouse(), "--out", out.toString());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("nope");
    assertThat(out).doesNotExist();
  }
}
