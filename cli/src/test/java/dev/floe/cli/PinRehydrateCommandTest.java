package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.TrainingLock;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
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
        FileChannel in = FileChannel.open(out.resolve("demo.events.arrow"));
        ArrowFileReader reader = new ArrowFileReader(in, allocator)) {
      assertThat(reader.getVectorSchemaRoot().getSchema().getFields())
          .extracting(f -> f.getName())
          .containsExactly("id", "label");
      while (reader.loadNextBatch()) {
        rows += reader.getVectorSchemaRoot().getRowCount();
      }
    }
    assertThat(rows)
        .isEqualTo(lock.records())
        .isEqualTo(2300); // the demo's rows and its audited 1,000-row batch
  }

  @Test
  void pinsSeveralTablesIntoOneLockAndRehydratesEachIntoItsFolder() throws Exception {
    Path warehouse = dir.resolve("wh");
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      BranchCommandTest.append(
          floe.tables()
              .createIfAbsent(
                  "ml.features", BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned()),
          "main",
          1,
          2,
          3);
      BranchCommandTest.append(
          floe.tables()
              .createIfAbsent("ml.labels", BranchCommandTest.SCHEMA, PartitionSpec.unpartitioned()),
          "main",
          1,
          2);
    }
    String w = warehouse.toString();
    Path lockFile = dir.resolve("run.lock.json");

    CliRun pin =
        CliRun.floe(
            "pin",
            "ml.features",
            "ml.labels",
            "--table-columns",
            "ml.labels=id",
            "--filter",
            "id >= 2",
            "--out",
            lockFile.toString(),
            "-w",
            w);
    assertThat(pin.exitCode()).as(pin.err()).isZero();
    assertThat(pin.out()).contains("Pinned ml.features snapshot").contains("Pinned ml.labels");

    CliRun verify = CliRun.floe("verify", lockFile.toString(), "-w", w);
    assertThat(verify.exitCode()).as(verify.out()).isZero();
    assertThat(verify.out().lines()).hasSize(2).allMatch(l -> l.startsWith("OK: ml."));

    Path out = dir.resolve("export");
    CliRun rehydrate =
        CliRun.floe(
            "rehydrate", lockFile.toString(), "--out", out.toString(), "--progress", "-w", w);
    assertThat(rehydrate.exitCode()).as(rehydrate.err()).isZero();
    assertThat(rehydrate.out()).contains("ml.features snapshot").contains(": 2 rows");
    assertThat(rehydrate.out()).doesNotContain("rows/s");
    assertThat(rehydrate.err().lines().filter(l -> l.startsWith("rehydrate ")))
        .last()
        .asString()
        .matches(
            // The lock counts the filtered rows exactly, so progress shows a share of them.
            "rehydrate ml.features, ml.labels: 3 / 3 rows \\(100%\\), 2/2 tables, 1/1 files,"
                + " [0-9,]+ rows/s, done");
    assertThat(out.resolve("ml.features/ml.features.arrow")).exists();
    try (RootAllocator allocator = new RootAllocator();
        FileChannel in = FileChannel.open(out.resolve("ml.labels/ml.labels.arrow"));
        ArrowFileReader reader = new ArrowFileReader(in, allocator)) {
      assertThat(reader.getVectorSchemaRoot().getSchema().getFields())
          .extracting(f -> f.getName())
          .containsExactly("id");
      assertThat(reader.loadNextBatch()).isTrue();
      assertThat(reader.getVectorSchemaRoot().getRowCount()).isEqualTo(1);
    }

    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table labels = floe.tables().load("ml.labels");
      labels.manageSnapshots().removeTag(LockFile.read(lockFile).locks().get(1).tag()).commit();
    }
    CliRun broken = CliRun.floe("verify", lockFile.toString(), "-w", w);
    assertThat(broken.exitCode()).isEqualTo(1);
    assertThat(broken.out()).contains("OK: ml.features").contains("MISMATCH: ml.labels");
  }
}
