package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.timetravel.TrainingLock;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RehydrateParquetCommandTest {
  @TempDir Path dir;

  @Test
  void rehydratesIntoParquetFile() throws Exception {
    String warehouse = dir.resolve("wh").toString();
    CliRun.floe("demo", "-w", warehouse, "--producers", "1", "--batches", "1", "--rows", "100");
    Path lockFile = dir.resolve("run.floe.lock.json");
    CliRun pin =
        CliRun.floe(
            "pin",
            "demo.events",
            "--columns",
            "id,label",
            "--out",
            lockFile.toString(),
            "-w",
            warehouse);
    assertThat(pin.exitCode()).as(pin.err()).isZero();

    Path out = dir.resolve("export");
    CliRun rehydrate =
        CliRun.floe(
            "rehydrate",
            lockFile.toString(),
            "--format",
            "parquet",
            "--out",
            out.toString(),
            "-w",
            warehouse);

    assertThat(rehydrate.exitCode()).as(rehydrate.err()).isZero();
    Path file = out.resolve("demo.events.parquet");
    assertThat(rehydrate.out()).contains("verified").contains("written to " + file);
    assertThat(Files.readAllBytes(file)).startsWith('P', 'A', 'R', '1');
    long rows = 0;
    try (CloseableIterable<Record> records =
        FormatModelRegistry.<Record, Object>readBuilder(
                FileFormat.PARQUET,
                Record.class,
                org.apache.iceberg.Files.localInput(file.toFile()))
            .project(
                new org.apache.iceberg.Schema(
                    org.apache.iceberg.types.Types.NestedField.required(
                        1, "id", org.apache.iceberg.types.Types.LongType.get())))
            .build()) {
      for (Record ignored : records) {
        rows++;
      }
    }
    assertThat(rows).isEqualTo(TrainingLock.read(lockFile).records());
  }
}
