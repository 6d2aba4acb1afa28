package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rehydrate --part all, --arrow-format, and read --out in either Arrow IPC format. */
class RehydratePartsCommandTest {
  @TempDir Path dir;

  @Test
  void partAllWritesEachPartAsItsSinglePartRehydration() throws IOException {
    String warehouse = demo(200);
    Path lock = pinSplit(warehouse, "--columns", "id,label", "--shuffle", "5");
    Path all = dir.resolve("all");

    CliRun run = rehydrate(lock, warehouse, "--part", "all", "--out", all.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines())
        .hasSize(3)
        .allMatch(l -> l.matches("Rehydrated demo.events snapshot \\d+ \\w+ part: .*verified.*"));
    assertThat(listing(all))
        .containsExactly(
            "demo.events.test.arrow", "demo.events.train.arrow", "demo.events.validation.arrow");
    long total = 0;
    for (String part : new String[] {"train", "validation", "test"}) {
      Path single = dir.resolve("single-" + part);
      CliRun alone =
          rehydrate(
              lock,
              warehouse,
              "--part",
              part,
              "--out",
              single.toString(),
              "--arrow-format",
              "stream");
      assertThat(alone.exitCode()).as(alone.err()).isZero();
      List<String> rows = rows(all.resolve("demo.events." + part + ".arrow"), false);
      assertThat(rows)
          .isNotEmpty()
          .isEqualTo(rows(single.resolve("demo.events." + part + ".arrows"), true));
      assertThat(run.out()).contains(" " + part + " part: " + Format.count(rows.size()) + " rows");
      total += rows.size();
    }
    assertThat(total).isEqualTo(2200); // the demo's rows and its audited 1,000-row batch

    Path parquet = dir.resolve("parquet");
    CliRun asParquet =
        rehydrate(
            lock, warehouse, "--part", "ALL", "--format", "parquet", "--out", parquet.toString());
    assertThat(asParquet.exitCode()).as(asParquet.err()).isZero();
    assertThat(listing(parquet))
        .containsExactly(
            "demo.events.test.parquet",
            "demo.events.train.parquet",
            "demo.events.validation.parquet");
  }

  @Test
  void badPartOptionsAreUsageErrors() {
    String warehouse = demo(10);
    Path lock = pinSplit(warehouse);

    CliRun noOut = rehydrate(lock, warehouse, "--part", "all");
    assertThat(noOut.exitCode()).isEqualTo(2);
    assertThat(noOut.err()).contains("--part all needs --out");
    CliRun unknown = rehydrate(lock, warehouse, "--part", "holdout", "--out", dir.toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("Invalid --part 'holdout': expected train, validation, test or all");
    CliRun format =
        rehydrate(lock, warehouse, "--arrow-format", "feather", "--out", dir.toString());
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).contains("--arrow-format");
  }

  @Test
  void readOutPicksTheArrowFormatByNameOrOption() throws IOException {
    String warehouse = demo(10);
    Path file = dir.resolve("rows.arrow");
    Path stream = dir.resolve("rows.arrows");
    Path named = dir.resolve("rows.bin");

    assertThat(
            CliRun.floe("read", "demo.events", "--out", file.toString(), "-w", warehouse)
                .exitCode())
        .isZero();
    assertThat(
            CliRun.floe("read", "demo.events", "--out", stream.toString(), "-w", warehouse)
                .exitCode())
        .isZero();
    CliRun asked =
        CliRun.floe(
            "read",
            "demo.events",
            "--out",
            named.toString(),
            "--arrow-format",
            "stream",
            "--limit",
            "7",
            "-w",
            warehouse);
    assertThat(asked.exitCode()).as(asked.err()).isZero();

    assertThat(rows(file, false)).hasSizeGreaterThan(7).isEqualTo(rows(stream, true));
    assertThat(rows(named, true)).hasSize(7);
  }

  /** A demo warehouse with {@code rows} more rows; its folder. */
  private String demo(int rows) {
    String warehouse = dir.resolve("wh").toString();
    CliRun demo =
        CliRun.floe(
            "demo", "-w", warehouse, "--producers", "1", "--batches", "1", "--rows", "" + rows);
    assertThat(demo.exitCode()).as(demo.err()).isZero();
    return warehouse;
  }

  /** A lock of demo.events split 60/20/20 by id, with {@code options}; its path. */
  private Path pinSplit(String warehouse, String... options) {
    Path lock = dir.resolve("split.floe.lock.json");
    List<String> args = new ArrayList<>(List.of("pin", "demo.events", "-w", warehouse));
    args.addAll(List.of("--split", "id,0.6,0.2,0.2,7", "--out", lock.toString()));
    args.addAll(List.of(options));
    CliRun pin = CliRun.floe(args.toArray(String[]::new));
    assertThat(pin.exitCode()).as(pin.err()).isZero();
    return lock;
  }

  private static CliRun rehydrate(Path lock, String warehouse, String... options) {
    List<String> args = new ArrayList<>(List.of("rehydrate", lock.toString(), "-w", warehouse));
    args.addAll(List.of(options));
    return CliRun.floe(args.toArray(String[]::new));
  }

  /** Every row as text, in file order; the file format through ArrowFileReader. */
  private static List<String> rows(Path file, boolean stream) throws IOException {
    List<String> rows = new ArrayList<>();
    try (RootAllocator allocator = new RootAllocator();
        FileChannel in = FileChannel.open(file);
        ArrowReader reader =
            stream ? new ArrowStreamReader(in, allocator) : new ArrowFileReader(in, allocator)) {
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

  private static List<String> listing(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
