package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: a one-line error that says what and why, a non-zero exit, no stack trace. */
class BadInputTest {
  @TempDir static Path shared;
  @TempDir Path dir;
  static String warehouse;

  @BeforeAll
  static void demoTable() {
    warehouse = shared.resolve("wh").toString();
    assertThat(
            CliRun.floe(
                    "demo", "-w", warehouse, "--producers", "1", "--batches", "1", "--rows", "200")
                .exitCode())
        .isZero();
  }

  @Test
  void unknownTable() {
    assertOneLineError(
        CliRun.floe("read", "demo.nope", "-w", warehouse), "Table does not exist: demo.nope");
  }

  @Test
  void unknownRef() {
    assertOneLineError(
        CliRun.floe("read", "demo.events@nope", "-w", warehouse),
        "Table demo.events has no branch or tag 'nope'");
  }

  @Test
  void unknownSnapshotId() {
    assertOneLineError(
        CliRun.floe("read", "demo.events", "--snapshot", "123", "-w", warehouse),
        "no snapshot 123");
  }

  @Test
  void snapshotIdThatIsNotANumberIsAUsageError() {
    CliRun run = CliRun.floe("read", "demo.events", "--snapshot", "abc", "-w", warehouse);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Invalid value for option '--snapshot': 'abc' is not a long");
  }

  @Test
  void warehouseThatCannotBeCreated() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");

    assertOneLineError(
        CliRun.floe("demo", "-w", file.resolve("wh").toString(), "--rows", "10"),
        "Cannot create warehouse folder");
  }

  @Test
  void malformedProperties() throws Exception {
    Path config = Files.writeString(dir.resolve("floe.properties"), "floe.catalog.mode=hive\n");

    assertOneLineError(
        CliRun.floe("tables", "--config", config.toString()), "Invalid floe.catalog.mode: 'hive'");
  }

  @Test
  void missingConfigFile() {
    assertOneLineError(
        CliRun.floe("tables", "--config", dir.resolve("nope.properties").toString()),
        "Cannot read config file");
  }

  @Test
  void lockFileThatDoesNotParse() throws Exception {
    Path lock = Files.writeString(dir.resolve("bad.floe.lock.json"), "{ not json");

    assertOneLineError(
        CliRun.floe("verify", lock.toString(), "-w", warehouse), "Cannot read lock file");
    assertOneLineError(
        CliRun.floe("rehydrate", lock.toString(), "-w", warehouse), "Cannot read lock file");
  }

  @Test
  void lockFileNamingAMissingSnapshot() throws Exception {
    Path lock = dir.resolve("run.floe.lock.json");
    assertThat(
            CliRun.floe("pin", "demo.events", "--out", lock.toString(), "-w", warehouse).exitCode())
        .isZero();
    String json =
        Files.readString(lock).replaceAll("\"snapshotId\"\\s*:\\s*\\d+", "\"snapshotId\" : 42");
    Files.writeString(lock, json);

    CliRun verify = CliRun.floe("verify", lock.toString(), "-w", warehouse);
    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.out()).contains("MISMATCH").contains("42");
    assertOneLineError(CliRun.floe("rehydrate", lock.toString(), "-w", warehouse), "42");
  }

  @Test
  void verboseAddsTheStackTrace() {
    CliRun run = CliRun.floe("read", "demo.nope", "-w", warehouse, "--verbose");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("\tat ");
  }

  private static void assertOneLineError(CliRun run, String expected) {
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().lines().findFirst().orElse("")).startsWith("floe: ").contains(expected);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception:");
  }
}
