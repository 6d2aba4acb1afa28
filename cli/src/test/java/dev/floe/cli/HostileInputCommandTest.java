package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  @Test
  void pinsRacingForOneOutLeaveTheLockOfTheOneThatSucceeded() throws Exception {
    String other = CliTables.events(dir.resolve("other"));
    Path out = dir.resolve("race.json");
    List<String> warehouses = List.of(warehouse, other);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<CliRun>> runs = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      for (String w : warehouses) {
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  return CliRun.floe("pin", "ml.events", "--out", out.toString(), "-w", w);
                }));
      }
      start.countDown();
      List<String> won = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        CliRun run = runs.get(i).get();
        if (run.exitCode() == 0) {
          won.add(warehouses.get(i));
        } else {
          assertThat(run.err()).contains("race.json").doesNotContain("\tat ");
        }
      }

      assertThat(won).as("pins that said they wrote %s", out).hasSize(1);
      assertThat(Files.readString(out)).contains(Path.of(won.get(0)).toString());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void lineageOfALockWithSnapshotIsAUsageError() {
    Path lock = dir.resolve("lock.json");
    assertThat(
            CliRun.floe("pin", "ml.events", "--out", lock.toString(), "-w", warehouse).exitCode())
        .isZero();

    CliRun run = CliRun.floe("lineage", lock.toString(), "--snapshot", "5", "-w", warehouse);

    assertError(run, 2, "--snapshot goes with a table, not a lock file");
  }

  @Test
  void aShardOfAPartSaysWhetherItCheckedThePartRowsOfItsUnits() throws IOException {
    Path lock = dir.resolve("split.json");
    assertThat(
            CliRun.floe(
                    "pin",
                    "ml.events",
                    "--split",
                    "id,0.5,0.25,0.25,7",
                    "--out",
                    lock.toString(),
                    "-w",
                    warehouse)
                .exitCode())
        .isZero();
    CliRun checked = shardOfTrain(lock);
    assertThat(checked.exitCode()).as(checked.err()).isZero();
    assertThat(checked.out())
        .contains("units of digest")
        .contains("part rows of each unit verified");
    String json = Files.readString(lock);
    String train = json.replaceAll("(?s).*\"train\" : \"([0-9a-f]{64})\".*", "$1");
    Files.writeString(lock, json.replace(train, "a".repeat(64)));
    // The units' part digests add up to the split digests: an edited one is refused.
    CliRun edited = shardOfTrain(lock);
    assertThat(edited.exitCode()).as(edited.out()).isNotZero();
    assertThat(edited.err()).contains("split digest of the train part").contains("lock was edited");

    // A lock pinned before per-unit part digests (no "parts"): a shard checks the whole part.
    String old = json.replaceAll(",\\s*\"parts\" : \\{(\\s*\"\\w+\" : \\{[^{}]*\\},?)*\\s*\\}", "");
    assertThat(old).doesNotContain("\"parts\"");
    Files.writeString(lock, old);
    CliRun run = shardOfTrain(lock);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("units of digest")
        .contains("the whole part verified (the lock has no part digests per unit)");
    Files.writeString(lock, old.replace(train, "a".repeat(64)));
    CliRun wrongPart = shardOfTrain(lock);
    assertThat(wrongPart.exitCode()).isOne();
    assertThat(wrongPart.err().lines().findFirst().orElseThrow())
        .contains("content digest mismatch in the train part")
        .contains("was its split edited?");
  }

  private CliRun shardOfTrain(Path lock) {
    return CliRun.floe(
        "rehydrate",
        lock.toString(),
        "--part",
        "train",
        "--rank",
        "0",
        "--world-size",
        "2",
        "-w",
        warehouse);
  }

  @Test
  void rehydrateIntoAFileSaysWhyItCannotWriteThere() throws IOException {
    Path lock = dir.resolve("lock.json");
    assertThat(
            CliRun.floe("pin", "ml.events", "--out", lock.toString(), "-w", warehouse).exitCode())
        .isZero();
    Path file = Files.writeString(dir.resolve("afile"), "x");

    CliRun run =
        CliRun.floe("rehydrate", lock.toString(), "--out", file.toString(), "-w", warehouse);

    assertError(run, 1, "Cannot write " + file.resolve("ml.events.arrow") + ": " + file);
    assertThat(run.err()).contains(file + ": already exists").doesNotContain(file + ": " + file);
  }

  @Test
  void serveOptionsOutOfRangeAreUsageErrors() {
    assertError(
        CliRun.floe("serve", "--port", "70000", "-w", warehouse),
        2,
        "Invalid --port 70000: must be 0 to 65535");
    Path missing = dir.resolve("nope.token");
    assertError(
        CliRun.floe("serve", "--port", "0", "--token-file", missing.toString(), "-w", warehouse),
        2,
        "Cannot read --token-file " + missing + ": no such file");
  }

  @Test
  void aSchemaTokenOrContractFromADeviceThatNeverEndsIsAnErrorLine() {
    Path zero = Path.of("/dev/zero");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero), "no /dev/zero here");

    assertError(
        CliRun.floe("table", "create", "ml.zero", "--schema", zero.toString(), "-w", warehouse),
        2,
        "Cannot read --schema /dev/zero: not a regular file, and more than 16 MiB read from it");
    assertError(
        CliRun.floe("serve", "--port", "0", "--token-file", zero.toString(), "-w", warehouse),
        2,
        "Cannot read --token-file /dev/zero: not a regular file, and more than 16 MiB read");
    assertError(
        CliRun.floe("check", "ml.zero", "--contract", zero.toString(), "-w", warehouse),
        1,
        "Cannot read contract /dev/zero: not a regular file, and more than 16 MiB read");
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
