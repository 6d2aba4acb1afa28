package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that only read never create a warehouse: a typo fails in one line and leaves nothing.
 */
class ReadOnlyCommandsTest {
  @TempDir static Path shared;
  @TempDir Path dir;
  static Path lock;

  @BeforeAll
  static void lockOfARealTable() {
    String warehouse = shared.resolve("wh").toString();
    assertThat(
            CliRun.floe(
                    "demo", "-w", warehouse, "--producers", "1", "--batches", "1", "--rows", "50")
                .exitCode())
        .isZero();
    lock = shared.resolve("run.floe.lock.json");
    assertThat(
            CliRun.floe("pin", "demo.events", "--out", lock.toString(), "-w", warehouse).exitCode())
        .isZero();
  }

  @Test
  void everyReadOnlyCommandRefusesAMissingWarehouseAndCreatesNothing() {
    Path typo = dir.resolve("typo");
    String w = typo.toString();
    List<List<String>> commands =
        List.of(
            List.of("tables", "-w", w),
            List.of("table", "list", "-w", w),
            List.of("table", "describe", "demo.events", "-w", w),
            List.of("table", "history", "demo.events", "-w", w),
            List.of("snapshots", "demo.events", "-w", w),
            List.of("read", "demo.events", "-w", w),
            List.of("verify", lock.toString(), "-w", w),
            List.of("rehydrate", lock.toString(), "-w", w),
            List.of("branch", "list", "-w", w),
            List.of("branch", "diff", "exp", "-w", w),
            List.of("branch", "report", "-w", w),
            List.of("orphans", "demo.events", "-w", w));

    for (List<String> command : commands) {
      CliRun run = CliRun.floe(command.toArray(String[]::new));

      assertThat(run.exitCode()).as("%s: %s", command, run.err()).isEqualTo(1);
      assertThat(run.err().lines().findFirst().orElse(""))
          .as("%s", command)
          .isEqualTo(
              "floe: No warehouse at "
                  + typo
                  + ": no such folder (create one with 'floe demo' or any command that writes,"
                  + " or check --warehouse)");
      assertThat(run.err()).doesNotContain("\tat ");
      assertThat(typo).as("%s", command).doesNotExist();
    }
  }

  @Test
  void aFolderWithoutACatalogGetsNoDatabase() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("plain"));

    CliRun run = CliRun.floe("tables", "-w", folder.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("floe: No warehouse at " + folder + ": it has no embedded");
    try (var files = Files.list(folder)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void commandsThatWriteStillCreateTheWarehouse() {
    Path fresh = dir.resolve("fresh");

    CliRun run =
        CliRun.floe(
            "demo", "-w", fresh.toString(), "--producers", "1", "--batches", "1", "--rows", "10");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(CliRun.floe("tables", "-w", fresh.toString()).out()).contains("demo.events");
  }
}
