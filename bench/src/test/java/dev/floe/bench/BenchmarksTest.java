package dev.floe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarksTest {
  @TempDir Path dir;

  @Test
  void unknownBenchmarkListsTheKnownOnes() {
    assertThatThrownBy(() -> Benchmarks.named("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown benchmark 'nope' (known: ingest, ")
        .hasMessageContainingAll(
            Benchmarks.all().stream().map(Benchmark::name).toArray(String[]::new));
  }

  @Test
  void quickIngestRunComparesBothWritersOnTheSameRowsAndWritesResults() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    BenchReport report =
        Benchmarks.named("ingest")
            .run(
                new BenchOptions(true, dir.resolve("work"), new PrintStream(progress, true), null));

    assertThat(report.cases())
        .extracting(BenchCase::subject)
        .containsExactly(
            "iceberg generic writer",
            "floe TableWriter, group commit",
            "floe TableWriter, a snapshot per batch",
            "floe TableWriter, group commit, column profiles",
            "floe TableWriter, group commit, Arrow input",
            "parquet-java ColumnWriteStore",
            "floe columnar parquet writer");
    assertThat(report.cases()).extracting(BenchCase::rows).containsOnly(200_000L);
    assertThat(report.cases()).allSatisfy(c -> assertThat(c.bytes()).isPositive());
    assertThat(report.resultLine())
        .startsWith("RESULT ingest floe_rows_per_s=")
        .contains(
            " baseline_rows_per_s=",
            " speedup=",
            " per_batch_speedup=",
            " profile_on_vs_off=",
            " profile_on_vs_off_paired=",
            " profile_cpu_on_vs_off=",
            " columnar_vs_ceiling=",
            " arrow_speedup=");
    assertThat(dir.resolve("work")).isEmptyDirectory();

    BenchOutput.write(report, dir.resolve("out"));
    JsonNode json = new ObjectMapper().readTree(dir.resolve("out/ingest.json").toFile());
    assertThat(json.get("cases")).hasSize(7);
    assertThat(json.get("result").get("speedup").asText())
        .isEqualTo(report.result().get("speedup"));
    assertThat(Files.readString(dir.resolve("out/ingest.md")))
        .contains("| workload | subject |")
        .contains(report.resultLine());
  }
}
