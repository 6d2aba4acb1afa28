package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./floe} launcher rebuilds the CLI only when a module's sources or a pom are newer than
 * the jar; its check runs alone with {@code FLOE_LAUNCHER_CHECK_ONLY=1} on a copy of the launcher
 * in a small checkout-shaped tree.
 */
class LauncherStalenessTest {
  private static final Instant BUILT = Instant.parse("2026-01-01T12:00:00Z");

  @TempDir Path root;

  @BeforeEach
  void checkoutBuiltAtNoon() throws IOException {
    Path launcher = Path.of(System.getProperty("basedir", "."), "..", "floe").normalize();
    Files.copy(launcher, root.resolve("floe"));
    write(
        "pom.xml",
        "<project><modules>\n    <module>catalog</module>\n    <module>cli</module>\n"
            + "  </modules></project>\n");
    write("catalog/pom.xml", "<project/>");
    write("catalog/src/main/java/A.java", "class A {}");
    write("cli/pom.xml", "<project/>");
    write("cli/src/main/java/B.java", "class B {}");
    write("cli/src/main/resources/b.properties", "x=1");
    write("cli/target/floe-cli.jar", "jar");
    try (var files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.setLastModifiedTime(p, FileTime.from(BUILT.minusSeconds(60)));
      }
    }
    touch("cli/target/floe-cli.jar", BUILT);
  }

  @Test
  void freshJarIsFresh() throws Exception {
    assertThat(check()).isEqualTo("fresh");
  }

  @Test
  void missingJarIsStale() throws Exception {
    Files.delete(root.resolve("cli/target/floe-cli.jar"));

    assertThat(check()).isEqualTo("stale");
  }

  @Test
  void propertiesAndWarehousesInTheCheckoutAreNoSources() throws Exception {
    write("floe.properties", "floe.warehouse=wh");
    write("floe-warehouse/.nessie/server.properties", "pid=1");
    write("floe-warehouse/src/Ignored.java", "class Ignored {}");
    write("cli/target/classes/dev/floe/cli/B.class", "");
    write("cli/target/floe-cli.properties", "");

    assertThat(check()).isEqualTo("fresh");
  }

  @Test
  void newerModuleSourceIsStale() throws Exception {
    touch("catalog/src/main/java/A.java", BUILT.plusSeconds(1));

    assertThat(check()).isEqualTo("stale");
  }

  @Test
  void newerResourceIsStale() throws Exception {
    touch("cli/src/main/resources/b.properties", BUILT.plusSeconds(1));

    assertThat(check()).isEqualTo("stale");
  }

  @Test
  void newerModulePomIsStale() throws Exception {
    touch("cli/pom.xml", BUILT.plusSeconds(1));

    assertThat(check()).isEqualTo("stale");
  }

  @Test
  void newerParentPomIsStale() throws Exception {
    touch("pom.xml", BUILT.plusSeconds(1));

    assertThat(check()).isEqualTo("stale");
  }

  private String check() throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("bash", root.resolve("floe").toString()).redirectErrorStream(true);
    builder.environment().put("FLOE_LAUNCHER_CHECK_ONLY", "1");
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out.strip();
  }

  private void write(String path, String content) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    // New files are "now": anything later than BUILT would be a change.
    Files.setLastModifiedTime(file, FileTime.from(BUILT.plusSeconds(3600)));
  }

  private void touch(String path, Instant time) throws IOException {
    Files.setLastModifiedTime(root.resolve(path), FileTime.from(time));
  }
}
