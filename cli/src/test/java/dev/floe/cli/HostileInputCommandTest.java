package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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
  void readOfATruncatedDataFileNamesTheFile() throws IOException {
    Path file = truncateADataFile();

    CliRun run = CliRun.floe("read", "ml.events", "-w", warehouse);

    assertError(run, 1, file.getFileName().toString());
  }

  @Test
  void lineageOfATruncatedDataFileNamesTheFile() throws IOException {
    Path file = truncateADataFile();

    CliRun run = CliRun.floe("lineage", "ml.events", "-w", warehouse);

    assertError(run, 1, file.getFileName().toString());
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

  private Path truncateADataFile() throws IOException {
    Path file;
    try (Stream<Path> files = Files.walk(Path.of(warehouse))) {
      List<Path> parquet = files.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
      file = parquet.get(0);
    }
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    return file;
  }

  static void assertError(CliRun run, int exitCode, String expected) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
    assertThat(run.err().lines().findFirst().orElse("")).startsWith("floe: ").contains(expected);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception:");
  }
}
