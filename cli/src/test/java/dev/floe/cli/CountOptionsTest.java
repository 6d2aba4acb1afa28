package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counts and sizes that must be 1 or more are usage errors (exit 2) before any work starts. */
class CountOptionsTest {
  @TempDir Path dir;

  @Test
  void zeroNegativeAndOverflowingCountsAreUsageErrors() throws Exception {
    String w = dir.resolve("wh").toString();
    Path csv = Files.writeString(dir.resolve("a.csv"), "id\n1\n");

    assertUsage(
        CliRun.floe("ingest", "demo.t", csv.toString(), "--batch-rows", "0", "-w", w),
        "--batch-rows",
        "must be 1 or more");
    assertUsage(
        CliRun.floe("ingest", "demo.t", csv.toString(), "--batch-rows", "3000000000", "-w", w),
        "--batch-rows",
        "is more than");
    assertUsage(
        CliRun.floe("expire", "demo.t", "--retain-last", "0", "-w", w),
        "--retain-last",
        "must be 1 or more");
    assertUsage(
        CliRun.floe("read", "demo.t", "--limit", "-1", "-w", w), "--limit", "must be 1 or more");
    assertUsage(
        CliRun.floe("compact", "demo.t", "--target-file-size-mb", "x", "-w", w),
        "--target-file-size-mb",
        "is not a whole number");
    assertUsage(
        CliRun.floe("table", "history", "demo.t", "--limit", "0", "-w", w),
        "--limit",
        "must be 1 or more");
    assertUsage(
        CliRun.floe("ingest", "demo.t", csv.toString(), "--commit-bytes", "99999999999G", "-w", w),
        "--commit-bytes",
        "too large");
    assertThat(dir.resolve("wh")).doesNotExist();
  }

  private static void assertUsage(CliRun run, String option, String why) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).startsWith("floe: ").contains(option).contains(why);
  }
}
