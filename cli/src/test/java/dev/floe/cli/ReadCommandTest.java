package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadCommandTest {
  @TempDir Path dir;

  @Test
  void readsAsOfTimeAndRejectsTimesBeforeTheFirstSnapshot() {
    String warehouse = dir.resolve("wh").toString();
    CliRun demo =
        CliRun.floe("demo", "-w", warehouse, "--producers", "1", "--batches", "1", "--rows", "50");
    assertThat(demo.exitCode()).as(demo.err()).isZero();

    CliRun now =
        CliRun.floe(
            "read",
            "demo.events",
            "--as-of",
            "2999-01-01T00:00:00Z",
            "--limit",
            "3",
            "-w",
            warehouse);
    assertThat(now.exitCode()).as(now.err()).isZero();
    assertThat(now.out().lines().count()).isEqualTo(4); // header + 3 rows
    assertThat(now.err()).contains("3 rows shown, snapshot");

    CliRun before =
        CliRun.floe("read", "demo.events", "--as-of", "2000-01-01T00:00:00Z", "-w", warehouse);
    assertThat(before.exitCode()).isNotZero();
    assertThat(before.err()).contains("as of 2000-01-01T00:00:00Z").contains("first snapshot");

    CliRun bad = CliRun.floe("read", "demo.events", "--as-of", "yesterday", "-w", warehouse);
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("Invalid --as-of 'yesterday'");
  }
}
