package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command takes from its process comes through {@link CliEnvironment}, nowhere else. */
class CliEnvironmentTest {
  @TempDir static Path shared;
  @TempDir Path dir;
  static String warehouse;

  @BeforeAll
  static void demoTable() {
    warehouse = shared.resolve("wh").toString();
    assertThat(
            CliRun.floe(
                    "demo", "-w", warehouse, "--producers", "1", "--batches", "1", "--rows", "50")
                .exitCode())
        .isZero();
  }

  @Test
  void floeVariablesComeFromTheGivenEnvironment() {
    CliEnvironment nessie =
        new CliEnvironment(Map.of("FLOE_CATALOG_MODE", "nessie"), null, null, false);

    CliRun run = CliRun.floe(nessie, "tables", "-w", warehouse);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("floe: Missing floe.nessie.uri");
    assertThat(CliRun.floe("tables", "-w", warehouse).out()).contains("demo.events");
  }

  @Test
  void floePropertiesIsLookedUpInTheGivenWorkingFolderOnly() throws Exception {
    Files.writeString(dir.resolve("floe.properties"), "floe.warehouse=" + warehouse + "\n");

    CliRun inDir = CliRun.floe(new CliEnvironment(Map.of(), dir, null, false), "tables");
    CliRun clean = CliRun.floe("tables", "-w", dir.resolve("other").toString());

    assertThat(inDir.exitCode()).as(inDir.err()).isZero();
    assertThat(inDir.out()).contains("demo.events");
    assertThat(clean.exitCode()).isEqualTo(1);
  }

  @Test
  void objectStoreCatalogFolderLivesUnderTheGivenHome() {
    Path home = dir.resolve("home");

    CliRun run =
        CliRun.floe(
            new CliEnvironment(Map.of(), null, home, false), "tables", "-w", "s3://bucket/wh");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("it has no embedded catalog " + home.resolve(".floe/catalogs/bucket_wh-"));
    assertThat(home).doesNotExist();
  }

  @Test
  void progressFollowsTheGivenTerminalUnlessForced() {
    Path file = dir.resolve("rows.arrows");
    CliEnvironment terminal = new CliEnvironment(Map.of(), null, null, true);

    CliRun onTerminal =
        CliRun.floe(terminal, "read", "demo.events", "--out", file.toString(), "-w", warehouse);
    CliRun piped = CliRun.floe("read", "demo.events", "--out", file.toString(), "-w", warehouse);
    CliRun forcedOff =
        CliRun.floe(
            terminal,
            "read",
            "demo.events",
            "--out",
            file.toString(),
            "--no-progress",
            "-w",
            warehouse);

    assertThat(onTerminal.err()).contains("read demo.events: ").contains(", done");
    assertThat(piped.err()).doesNotContain("rows/s");
    assertThat(forcedOff.err()).doesNotContain("rows/s");
  }

  @Test
  void noConsoleIsNoTerminal() {
    assertThat(CliEnvironment.isTerminal(null)).isFalse();
    assertThat(CliEnvironment.clean().interactive()).isFalse();
  }
}
