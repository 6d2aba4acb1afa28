package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.timetravel.Split;
import dev.floe.timetravel.TrainingLock;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinSplitCommandTest {
  @TempDir Path dir;

  @Test
  void pinnedSplitRehydratesEachPartAndPartsAddUp() throws Exception {
    String warehouse = dir.resolve("wh").toString();
    CliRun.floe("demo", "-w", warehouse, "--producers", "1", "--batches", "1", "--rows", "200");
    Path lockFile = dir.resolve("split.floe.lock.json");

    CliRun pin =
        CliRun.floe(
            "pin",
            "demo.events",
            "--columns",
            "id,label",
            "--split",
            "id,0.8,0.1,0.1,7",
            "--shuffle",
            "5",
            "--out",
            lockFile.toString(),
            "-w",
            warehouse);
    assertThat(pin.exitCode()).as(pin.err()).isZero();
    TrainingLock lock = TrainingLock.read(lockFile);
    assertThat(lock.split()).isEqualTo(new Split("id", 0.8, 0.1, 0.1, 7));
    assertThat(lock.shuffleSeed()).isEqualTo(5L);

    long total = 0;
    for (String part : new String[] {"TRAIN", "VALIDATION", "TEST"}) {
      Path out = dir.resolve("export");
      CliRun rehydrate =
          CliRun.floe(
              "rehydrate",
              lockFile.toString(),
              "--part",
              part,
              "--out",
              out.toString(),
              "-w",
              warehouse);
      assertThat(rehydrate.exitCode()).as(rehydrate.err()).isZero();
      assertThat(rehydrate.out()).contains("verified");
      Path file = out.resolve("demo.events." + part.toLowerCase() + ".arrow");
      try (RootAllocator allocator = new RootAllocator();
          FileChannel in = FileChannel.open(file);
          ArrowFileReader reader = new ArrowFileReader(in, allocator)) {
        while (reader.loadNextBatch()) {
          total += reader.getVectorSchemaRoot().getRowCount();
        }
      }
    }
    assertThat(total).isEqualTo(lock.records());

    CliRun bad =
        CliRun.floe(
            "pin",
            "demo.events",
            "--split",
            "id,0.8",
            "--out",
            lockFile.toString(),
            "-w",
            warehouse);
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("Invalid --split 'id,0.8'");
  }
}
