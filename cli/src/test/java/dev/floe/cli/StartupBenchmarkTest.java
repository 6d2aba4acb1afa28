package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.bench.BenchCase;
import dev.floe.bench.BenchOptions;
import dev.floe.bench.BenchReport;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code floe bench startup} in quick mode, on the CLI laid out in jars as a build leaves it. */
class StartupBenchmarkTest {
  @TempDir Path dir;

  @Test
  void quickRunTimesHelpAndTablesWithAndWithoutTheArchive() throws Exception {
    Path cliJar = CliJars.layOut(dir.resolve("checkout"));
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    Path work = dir.resolve("work");

    BenchReport report =
        new StartupBenchmark(cliJar.toString())
            .run(new BenchOptions(true, work, new PrintStream(progress, true), null));

    assertThat(report.name()).isEqualTo("startup");
    assertThat(report.cases())
        .extracting(BenchCase::subject)
        .containsExactly("floe --help", "floe --help + CDS", "floe tables", "floe tables + CDS");
    assertThat(report.cases()).allSatisfy(c -> assertThat(c.seconds()).isPositive());
    assertThat(report.result())
        .containsKeys("help_ms", "help_cds_ms", "help_speedup")
        .containsKeys("tables_ms", "tables_cds_ms", "tables_speedup");
    assertThat(progress.toString()).contains("rep 2/2");
    // Its warehouses and archive are scratch: nothing is left in the work dir.
    assertThat(work.toFile().list()).isEmpty();
  }

  @Test
  void refusesAClassPathWithFolders() {
    String classpath = dir + File.pathSeparator + dir.resolve("missing.jar");

    assertThatThrownBy(
            () ->
                ClassDataArchive.create(
                    ClassDataArchive.javaBinary(), classpath, dir.resolve("a.jsa"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot archive classes of folder " + dir)
        .hasMessageContaining("jars only");
  }
}
