package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Child JVMs with a stray environment and piped output: main() honours {@code FLOE_*}, in-process
 * runs do not, and piped output is never taken for a terminal on any JDK the machine has.
 */
class ProcessEnvironmentTest {
  private static final Map<String, String> STRAY =
      Map.of("FLOE_CATALOG_MODE", "nessie", "FLOE_WAREHOUSE", "/nonexistent");

  @TempDir static Path shared;
  @TempDir Path home;
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
  void mainReadsTheProcessEnvironment() throws Exception {
    Path java = Path.of(System.getProperty("java.home"));

    ChildJvm run =
        ChildJvm.run(java, STRAY, home, FloeCli.class.getName(), "tables", "-w", warehouse);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).startsWith("floe: Missing floe.nessie.uri");
  }

  @Test
  void inProcessRunsIgnoreAStrayFloeEnvironment() throws Exception {
    Path java = Path.of(System.getProperty("java.home"));

    ChildJvm run =
        ChildJvm.run(java, STRAY, home, InProcessRun.class.getName(), "tables", "-w", warehouse);

    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void pipedOutputIsNoTerminalOnEveryJdk() throws Exception {
    for (Path jdk : ChildJvm.jdks()) {
      ChildJvm run = ChildJvm.run(jdk, Map.of(), home, TerminalProbe.class.getName());

      assertThat(run.exitCode()).as("%s: %s", jdk, run.err()).isZero();
      assertThat(run.out().strip()).as("%s", jdk).isEqualTo("interactive=false");
    }
  }

  /** Runs the command like tests do, in the child's own process. */
  static final class InProcessRun {
    public static void main(String[] args) {
      System.exit(FloeCli.run(args));
    }
  }

  /** Prints what the floe command would take from its process. */
  static final class TerminalProbe {
    public static void main(String[] args) {
      System.out.println("interactive=" + CliEnvironment.system().interactive());
    }
  }
}
