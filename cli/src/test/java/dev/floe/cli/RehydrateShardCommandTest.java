package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rehydrate --rank R --world-size N: shards that together are the part, and usage errors. */
class RehydrateShardCommandTest {
  @TempDir Path dir;

  @Test
  void shardsOfAPartTogetherAreThePartAndPadMakesThemEqual() throws IOException {
    String warehouse = demo();
    Path lock = pinSplit(warehouse);
    CliRun whole = rehydrate(lock, warehouse, "--part", "train", "--out", dir.toString());
    assertThat(whole.exitCode()).as(whole.err()).isZero();
    List<String> part = rows(dir.resolve("demo.events.train.arrow"));

    List<String> union = new ArrayList<>();
    List<Integer> padded = new ArrayList<>();
    for (int rank = 0; rank < 3; rank++) {
      CliRun shard =
          rehydrate(
              lock,
              warehouse,
              "--part",
              "train",
              "--rank",
              "" + rank,
              "--world-size",
              "3",
              "--shuffle",
              "--epoch",
              "2",
              "--out",
              dir.toString());
      assertThat(shard.exitCode()).as(shard.err()).isZero();
      assertThat(shard.out()).contains(" shard " + rank + " of 3: ");
      union.addAll(rows(dir.resolve("demo.events.train.shard-" + rank + "-of-3.arrow")));
      CliRun pad =
          rehydrate(
              lock,
              warehouse,
              "--part",
              "train",
              "--rank",
              "" + rank,
              "--world-size",
              "3",
              "--equal",
              "pad",
              "--json");
      assertThat(pad.exitCode()).as(pad.err()).isZero();
      String json = pad.out().replaceAll("\\s", "");
      assertThat(json).contains("\"world_size\":3", "\"equal\":\"pad\"");
      padded.add(Integer.parseInt(json.replaceAll(".*\"rows\":(\\d+).*", "$1")));
    }
    assertThat(union).containsExactlyInAnyOrderElementsOf(part);
    assertThat(padded).hasSize(3).allMatch(rows -> rows.equals(padded.get(0)));
    assertThat(padded.get(0)).isGreaterThanOrEqualTo((part.size() + 2) / 3);
  }

  @Test
  void badShardOptionsAreUsageErrors() {
    String warehouse = demo();
    Path lock = pinSplit(warehouse);

    CliRun rank = rehydrate(lock, warehouse, "--rank", "3", "--world-size", "3");
    assertThat(rank.exitCode()).isEqualTo(2);
    assertThat(rank.err()).contains("Invalid --rank 3 for --world-size 3: must be 0 to 2");
    CliRun alone = rehydrate(lock, warehouse, "--shuffle");
    assertThat(alone.exitCode()).isEqualTo(2);
    assertThat(alone.err()).contains("--rank and --world-size go together");
    CliRun equal = rehydrate(lock, warehouse, "--rank", "0", "--world-size", "2", "--equal", "x");
    assertThat(equal.exitCode()).isEqualTo(2);
    assertThat(equal.err()).contains("--equal");
  }

  private String demo() {
    String warehouse = dir.resolve("wh").toString();
    CliRun demo =
        CliRun.floe("demo", "-w", warehouse, "--producers", "1", "--batches", "1", "--rows", "50");
    assertThat(demo.exitCode()).as(demo.err()).isZero();
    return warehouse;
  }

  private Path pinSplit(String warehouse) {
    Path lock = dir.resolve("split.floe.lock.json");
    CliRun pin =
        CliRun.floe(
            "pin",
            "demo.events",
            "-w",
            warehouse,
            "--split",
            "id,0.6,0.2,0.2,7",
            "--out",
            lock.toString());
    assertThat(pin.exitCode()).as(pin.err()).isZero();
    return lock;
  }

  private static CliRun rehydrate(Path lock, String warehouse, String... options) {
    List<String> args = new ArrayList<>(List.of("rehydrate", lock.toString(), "-w", warehouse));
    args.addAll(List.of(options));
    return CliRun.floe(args.toArray(String[]::new));
  }

  private static List<String> rows(Path file) throws IOException {
    List<String> rows = new ArrayList<>();
    try (RootAllocator allocator = new RootAllocator();
        FileChannel in = FileChannel.open(file);
        ArrowFileReader reader = new ArrowFileReader(in, allocator)) {
      while (reader.loadNextBatch()) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        for (int i = 0; i < root.getRowCount(); i++) {
          StringBuilder row = new StringBuilder();
          for (var vector : root.getFieldVectors()) {
            row.append(vector.getObject(i)).append('\t');
          }
          rows.add(row.toString());
        }
      }
    }
    return rows;
  }
}
