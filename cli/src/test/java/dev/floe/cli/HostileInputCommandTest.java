package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile user met: each is a one-line error that names the file, row, column or rule, with
 * exit 1 (2 for usage) and no stack trace.
 */
class HostileInputCommandTest {
  @TempDir Path dir;
  private String warehouse;

  @BeforeEach
  void table() {
    warehouse = CliTables.events(dir);
  }

  @Test
  void aWorldSizeBelowOneSaysItMustBeAtLeastOne() {
    Path lock = dir.resolve("lock.json");
    assertThat(
            CliRun.floe("pin", "ml.events", "--out", lock.toString(), "-w", warehouse).exitCode())
        .isZero();

    CliRun run =
        CliRun.floe(
            "rehydrate", lock.toString(), "--rank", "0", "--world-size", "0", "-w", warehouse);

    assertError(run, 2, "Invalid --world-size 0: must be at least 1");
  }

  static void assertError(CliRun run, int exitCode, String expected) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
    assertThat(run.err().lines().findFirst().orElse("")).startsWith("floe: ").contains(expected);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception:");
  }
}
