package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `floe pin --out` never replaces an earlier run's lock, or anything that is not a file. */
class PinOutCommandTest {
  @TempDir Path dir;

  @Test
  void anExistingLockIsKeptUnlessForceIsGiven() throws Exception {
    String warehouse = dir.resolve("wh").toString();
    CliRun.floe("demo", "-w", warehouse, "--producers", "1", "--batches", "1", "--rows", "50");
    Path lock = dir.resolve("run.floe.lock.json");
    assertThat(
            CliRun.floe("pin", "demo.events", "-w", warehouse, "--out", lock.toString()).exitCode())
        .isZero();
    String first = Files.readString(lock);

    CliRun again =
        CliRun.floe("pin", "demo.events", "-w", warehouse, "--tag", "t2", "--out", lock.toString());

    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("Lock file " + lock + " exists");
    assertThat(Files.readString(lock)).isEqualTo(first);
    CliRun forced =
        CliRun.floe(
            "pin",
            "demo.events",
            "-w",
            warehouse,
            "--tag",
            "t2",
            "--out",
            lock.toString(),
            "--force");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(Files.readString(lock)).contains("t2");
  }

  @Test
  void aFolderAtTheOutPathIsNotReplaced() throws Exception {
    String warehouse = dir.resolve("wh").toString();
    CliRun.floe("demo", "-w", warehouse, "--producers", "1", "--batches", "1", "--rows", "50");
    Path folder = Files.createDirectory(dir.resolve("locks"));

    CliRun run =
        CliRun.floe("pin", "demo.events", "-w", warehouse, "--out", folder.toString(), "--force");

    assertThat(run.exitCode()).isOne();
    assertThat(run.err()).contains("it exists and is not a regular file");
    assertThat(folder).isDirectory();
  }
}
