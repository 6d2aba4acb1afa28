package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.timetravel.TrainingLock;
import java.io.FileInputStream;
import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinRehydrateCommandTest {
  @TempDir Path dir;

  @Test
  void pinnedSnapshotVerifiesAndRehydratesIntoArrowStreamFile() throws Exception {
    String warehouse = dir.resolve("wh").toString();
    CliRun.floe("demo", "-w", warehouse, "--producers", "1", "--batches", "1", "--rows", "300");
    Path lockFile = dir.resolve("run.floe.lock.json");

    CliRun pin =
        CliRun.floe(
            "pin",
            "demo.events",
            "--tag",
            "train-x",
            "--columns",
            "id,label",
            "--out",
            lockFile.toString(),
            "-w",
            warehouse);
    assertThat(pin.exitCode()).as(pin.err()).isZero();
    assertThat(pin.out()).contains("as tag train-x");

    CliRun verify = CliRun.floe("verify", lockFile.toString(), "-w", warehouse);
    assertThat(verify.exitCode()).isZero();
    assertThat(verify.out()).startsWith("OK: demo.events snapshot");

    Path out = dir.resolve("export");
    CliRun rehydrate =
        CliRun.floe("rehydrate", lockFile.toString(), "--out", out.toString(), "-w", warehouse);
    assertThat(rehydrate.exitCode()).as(rehydrate.err()).isZero();

    TrainingLock lock = TrainingLock.read(lockFile);
    long rows = 0;
    try (RootAllocator allocator = new RootAllocator();
        FileInputStream in = new FileInputStream(out.resolve("demo.events.arrows").toFile());
        ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
      assertThat(reader.getVectorSchemaRoot().getSchema().getFields())
          .extracting(f -> f.getName())
          .containsExactly("id", "label");
      while (reader.loadNextBatch()) {
        rows += reader.getVectorSchemaRoot().getRowCount();
      }
    }
    assertThat(rows).isEqualTo(lock.records()).isEqualTo(1300);
  }
}
