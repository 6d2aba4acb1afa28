package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void demoPassesEveryCheckAndRunsAgainOnTheSameWarehouse() {
    String warehouse = dir.resolve("wh").toString();
    String[] args = {
      "demo", "-w", warehouse, "--producers", "2", "--batches", "2", "--rows", "500"
    };

    CliRun first = CliRun.floe(args);
    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(first.out())
        .contains("[1/10]", "[10/10]", "this is run 1", "Demo OK")
        .contains("rejected: ")
        .contains("PASSED drift(amount)", "PASSED range(amount)", "published (fast forward)")
        .contains("BLOCK drift(amount) at snapshot", "vs baseline main: PSI")
        .contains("BLOCK range(amount) at snapshot", "quarantined on audit-run-1")
        .contains("the drifted batch is blocked by drift(amount) against main")
        .doesNotContain("FAIL ");

    CliRun second = CliRun.floe(args);
    assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
    assertThat(second.out())
        .contains("found demo.events from 1 earlier run(s)", "this is run 2")
        .contains("column device was already added by an earlier run")
        .contains("earlier lock run-1.floe.lock.json still verifies")
        .contains("Demo OK");
  }

  @Test
  void tablesAndSnapshotsShowWhatTheDemoWrote() {
    String warehouse = dir.resolve("wh").toString();
    CliRun.floe("demo", "-w", warehouse, "--producers", "1", "--batches", "2", "--rows", "100");

    assertThat(CliRun.floe("tables", "-w", warehouse).out()).contains("demo.events", "train-run-1");
    assertThat(CliRun.floe("snapshots", "demo.events", "-w", warehouse).out()).contains("replace");
    assertThat(CliRun.floe("branch", "list", "-w", warehouse).out()).contains("exp-relabel-run-1");
  }

  @Test
  void rejectsNonPositiveSizes() {
    CliRun run = CliRun.floe("demo", "-w", dir.toString(), "--rows", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("must be at least 1");
  }
}
