package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./floe} launcher's class-data archive: made in the background on a checkout that has
 * none, then used; a corrupt one never stops the command. Runs a copy of the launcher in a
 * checkout-shaped tree whose jar is up to date, so nothing is built.
 */
class LauncherArchiveTest {
  @TempDir Path root;

  @BeforeEach
  void builtCheckout() throws IOException {
    Path launcher = Path.of(System.getProperty("basedir", "."), "..", "floe").normalize();
    Files.copy(launcher, root.resolve("floe"));
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Files.setLastModifiedTime(
        root.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(60)));
    CliJars.layOut(root);
  }

  @Test
  void corruptArchiveStillRunsHelp() throws Exception {
    Path archive = root.resolve("garbage.jsa");
    Files.write(archive, "not a class-data archive".repeat(1000).getBytes(StandardCharsets.UTF_8));

    Run run = floe(Map.of("FLOE_CDS_ARCHIVE", archive.toString()), "--help");

    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(run.out()).contains("Usage: floe").doesNotContain("Error");
  }

  @Test
  void checkoutWithoutArchiveRunsThenMakesOneThatTheJvmMaps() throws Exception {
    Path archive = root.resolve("cli/target/cds/floe-cli.jsa");
    Map<String, String> env = Map.of("FLOE_CDS_ARCHIVE", archive.toString());

    Run first = floe(env, "--version");

    assertThat(first.exitCode()).as(first.out()).isZero();
    assertThat(first.out()).contains("floe ");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (Files.exists(archive.resolveSibling("floe-cli.jsa.building"))
        && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertThat(archive)
        .as(Files.readString(archive.resolveSibling("floe-cli.jsa.log")))
        .isNotEmptyFile();
    // -Xshare:on makes the JVM fail rather than fall back when it cannot map the archive.
    Run shared =
        floe(
            Map.of("FLOE_CDS_ARCHIVE", archive.toString(), "FLOE_JAVA_OPTS", "-Xshare:on"),
            "--help");
    assertThat(shared.exitCode()).as(shared.out()).isZero();
    assertThat(shared.out()).contains("Usage: floe");
  }

  @Test
  void helpAndListingsRunWithC1OnlyWhileDataCommandsKeepTheFullJit() throws Exception {
    Map<String, String> env =
        Map.of("FLOE_CDS_ARCHIVE", "none", "FLOE_JAVA_OPTS", "-XX:+PrintFlagsFinal");

    assertThat(stopLevel(floe(env, "--version"))).isEqualTo("1");
    assertThat(stopLevel(floe(env, "tables", "-w", root.resolve("none").toString())))
        .isEqualTo("1");
    assertThat(stopLevel(floe(env, "ingest", "--help"))).isEqualTo("1");
    // A usage error, but the JVM it ran in is the one ingest gets.
    assertThat(stopLevel(floe(env, "ingest", "x.csv"))).isEqualTo("4");
  }

  @Test
  void ingestRunsWithTheParallelCollectorUnlessTheOptionsPickOne() throws Exception {
    Map<String, String> env =
        Map.of("FLOE_CDS_ARCHIVE", "none", "FLOE_JAVA_OPTS", "-XX:+PrintFlagsFinal");

    assertThat(flag(floe(env, "ingest", "x.csv"), "UseParallelGC")).isEqualTo("true");
    assertThat(flag(floe(env, "tables", "-w", root.resolve("none").toString()), "UseParallelGC"))
        .isEqualTo("false");
    Run g1 =
        floe(
            Map.of(
                "FLOE_CDS_ARCHIVE", "none", "FLOE_JAVA_OPTS", "-XX:+PrintFlagsFinal -XX:+UseG1GC"),
            "ingest",
            "x.csv");
    assertThat(flag(g1, "UseG1GC")).isEqualTo("true");
    assertThat(flag(g1, "UseParallelGC")).isEqualTo("false");
  }

  /** The TieredStopAtLevel that -XX:+PrintFlagsFinal printed. */
  private static String stopLevel(Run run) {
    return flag(run, "TieredStopAtLevel");
  }

  /** The value of JVM flag {@code name} that -XX:+PrintFlagsFinal printed. */
  private static String flag(Run run, String name) {
    return run.out()
        .lines()
        .filter(l -> l.contains(" " + name + " "))
        .map(l -> l.replaceAll(".* " + name + "\\s+=\\s+(\\S+).*", "$1"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No " + name + " in: " + run.out()));
  }

  private record Run(int exitCode, String out) {}

  private Run floe(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("floe").toString());
    builder.command().addAll(java.util.List.of(args));
    builder.directory(root.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Run(process.exitValue(), out);
  }
}
