package dev.floe.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The full ingest run's extra cases, on a few rows: same rows for both subjects, all committed. */
class IngestExtraCasesTest {
  @TempDir Path dir;

  @Test
  void embeddingAndTwoThreadCasesCompareBothWriters() {
    PrintStream progress = new PrintStream(new ByteArrayOutputStream(), true);
    try (Floe floe = Floe.open(FloeConfig.embedded(dir))) {
      List<BenchCase> embedding = IngestExtraCases.run(floe, progress, 400, 200);
      List<List<Record>> batches =
          List.of(
              EventData.generate(0, 300, 10, 0, 1),
              EventData.generate(300, 300, 10, 0, 1),
              EventData.generate(600, 300, 10, 0, 1));
      List<BenchCase> twoThreads = IngestExtraCases.twoThreads(floe, progress, batches);

      assertThat(embedding).extracting(BenchCase::rows).containsExactly(400L, 400L);
      assertThat(twoThreads).extracting(BenchCase::rows).containsExactly(900L, 900L);
      assertThat(floe.tables().load("bench.embedding_floe").currentSnapshot().summary())
          .containsEntry("total-records", "400");
      assertThat(floe.tables().load("bench.two_threads_floe").currentSnapshot().summary())
          .containsEntry("total-records", "900");
      assertThat(floe.tables().load("bench.two_threads_baseline").currentSnapshot().summary())
          .containsEntry("total-records", "900");
    }
  }
}
