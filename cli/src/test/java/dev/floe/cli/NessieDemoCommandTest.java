package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.testing.NessieServerExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** floe demo --catalog-mode nessie against a real Nessie server, twice on one catalog. */
class NessieDemoCommandTest {
  @RegisterExtension static NessieServerExtension nessie = new NessieServerExtension();

  @TempDir Path dir;

  @Test
  void demoPassesEveryCheckInNessieModeAndRunsAgain() {
    String[] args = {
      "demo",
      "-w",
      dir.resolve("wh").toString(),
      "--catalog-mode",
      "nessie",
      "--nessie-uri",
      nessie.uri(),
      "--producers",
      "2",
      "--batches",
      "2",
      "--rows",
      "200"
    };

    CliRun first = CliRun.floe(args);

    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(first.out())
        .contains("[5/10]", "the branch has main's rows plus the experiment's batch")
        .contains("snapshot expiry does not apply in nessie mode")
        .contains("published (replayed)", "BLOCK range(amount) at snapshot")
        .contains("BLOCK drift(amount) at snapshot", "vs baseline main (Nessie commit ")
        .contains("Demo OK")
        .doesNotContain("FAIL ");
    CliRun diff =
        CliRun.floe(
            "branch",
            "diff",
            "exp-relabel-run-1",
            "-w",
            dir.resolve("wh").toString(),
            "--catalog-mode",
            "nessie",
            "--nessie-uri",
            nessie.uri());
    assertThat(diff.out()).contains("demo.events").doesNotContain("adds nothing");

    CliRun second = CliRun.floe(args);
    assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
    assertThat(second.out()).contains("this is run 2", "Demo OK");
  }
}
