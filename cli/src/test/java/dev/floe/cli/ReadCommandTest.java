package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
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

  @Test
  void filtersRowsAndWritesArrowFileWithProgressOnStderrOnly() throws Exception {
    String warehouse = dir.resolve("wh").toString();
    CliRun.floe("demo", "-w", warehouse, "--producers", "1", "--batches", "1", "--rows", "50");

    CliRun filtered =
        CliRun.floe(
            "read",
            "demo.events",
            "--filter",
            "label = 'click' and amount >= 0",
            "--columns",
            "id,label",
            "--limit",
            "1000",
            "-w",
            warehouse);
    assertThat(filtered.exitCode()).as(filtered.err()).isZero();
    assertThat(filtered.out().lines().skip(1)).isNotEmpty().allMatch(l -> l.endsWith("\tclick"));

    Path file = dir.resolve("out/rows.arrows");
    CliRun written =
        CliRun.floe("read", "demo.events", "--out", file.toString(), "--progress", "-w", warehouse);
    assertThat(written.exitCode()).as(written.err()).isZero();
    assertThat(written.out()).startsWith("Wrote 2,050 rows of demo.events");
    assertThat(written.out()).doesNotContain("rows/s");
    assertThat(written.err().lines().filter(l -> l.startsWith("read demo.events: ")))
        .last()
        .asString()
        .matches("read demo.events: 2,050 rows, ([0-9]+)/\\1 files, [0-9,]+ rows/s, done");
    long rows = 0;
    try (RootAllocator allocator = new RootAllocator();
        FileInputStream in = new FileInputStream(file.toFile());
        ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
      while (reader.loadNextBatch()) {
        rows += reader.getVectorSchemaRoot().getRowCount();
      }
    }
    assertThat(rows).isEqualTo(2050);

    CliRun quiet =
        CliRun.floe(
            "read", "demo.events", "--out", file.toString(), "--no-progress", "-w", warehouse);
    assertThat(quiet.err()).doesNotContain("rows/s");

    CliRun bad = CliRun.floe("read", "demo.events", "--filter", "label =", "-w", warehouse);
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("Invalid filter 'label =': expected a value");
  }
}
