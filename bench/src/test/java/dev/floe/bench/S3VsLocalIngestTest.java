package dev.floe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.exceptions.InvalidConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3VsLocalIngestTest {
  private static final S3VsLocalIngest.Sizes TINY = new S3VsLocalIngest.Sizes(1_000, 1_000, 2);
  private static final String[] KEYS = {
    "local_rows_per_s", "s3_rows_per_s", "s3_vs_local", "local_mb_per_s", "s3_mb_per_s"
  };

  @TempDir Path dir;
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @Test
  void comparesS3WithLocalOnTheSameRowsEvenWhenNessieCannotStart() throws Exception {
    BenchReport report;
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      report = new CatalogBenchmark(taken.getLocalPort(), TINY).run(options(null));
    }

    assertThat(report.result())
        .containsEntry("skipped", "nessie_unavailable")
        .containsKeys(KEYS)
        .doesNotContainKey("nessie_cycles_per_s");
    for (String key : KEYS) {
      assertThat(Double.parseDouble(report.result().get(key))).as(key).isPositive();
    }
    // Same rows on both sides: only where the files go differs.
    assertThat(report.cases())
        .extracting(BenchCase::subject)
        .containsExactly(S3VsLocalIngest.LOCAL, S3VsLocalIngest.S3);
    assertThat(report.cases())
        .allSatisfy(
            c -> {
              assertThat(c.rows()).isEqualTo(1_000);
              assertThat(c.bytes()).isPositive();
            });
    assertThat(report.cases().get(0).bytes()).isEqualTo(report.cases().get(1).bytes());
    assertThat(report.notes()).contains("in-process S3Proxy", "http://127.0.0.1:");
    assertThat(progressText()).contains("S3 vs local rep 1", "S3 vs local rep 2");
    assertThat(report.resultLine()).startsWith("RESULT catalog skipped=nessie_unavailable ");
    assertThat(report.notes()).contains("Nessie cycles skipped", "Ingest to S3 vs local");
    assertThat(dir.resolve("work")).isEmptyDirectory();
  }

  @Test
  void usesTheS3OfAConfigFileWithoutPrintingItsSecretAndPurgesWhatItWrote() throws Exception {
    Path store = dir.resolve("their-s3");
    try (LocalS3 theirs = LocalS3.start(store)) {
      Map<String, String> props = theirs.properties();
      Properties file = new Properties();
      file.putAll(props);
      file.setProperty("floe.warehouse", theirs.warehouse("team/lake/"));
      Path config = dir.resolve("s3.properties");
      try (var out = Files.newBufferedWriter(config)) {
        file.store(out, null);
      }

      S3VsLocalIngest.Outcome outcome = S3VsLocalIngest.run(options(config), TINY);

      assertThat(outcome.result()).containsOnlyKeys(KEYS);
      assertThat(Double.parseDouble(outcome.result().get("s3_rows_per_s"))).isPositive();
      String secret = props.get("s3.secret-access-key");
      assertThat(outcome.notes())
          .contains("the user's S3 endpoint " + theirs.endpoint())
          .contains("s3://floe-bench/team/lake/floe-bench-")
          .doesNotContain(secret);
      assertThat(progressText()).contains(theirs.endpoint()).doesNotContain(secret);
      // Every table written under the run's prefix was dropped with its files.
      try (Stream<Path> files = Files.walk(store)) {
        assertThat(files.filter(p -> p.toString().endsWith(".parquet"))).isEmpty();
      }
    }
  }

  @Test
  void rejectsAConfigFileWhoseWarehouseIsNotOnS3() throws Exception {
    Path config = dir.resolve("local.properties");
    Files.writeString(config, "floe.warehouse=" + dir.resolve("wh") + "\n");

    assertThatThrownBy(() -> S3VsLocalIngest.run(options(config), TINY))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid --s3-config " + config)
        .hasMessageContaining("must be an s3://bucket/prefix URI");
  }

  private BenchOptions options(Path s3Config) {
    return new BenchOptions(
        false,
        dir.resolve("work"),
        new PrintStream(progress, true, StandardCharsets.UTF_8),
        s3Config);
  }

  private String progressText() {
    return progress.toString(StandardCharsets.UTF_8);
  }
}
