package dev.floe.bench;

import static org.apache.iceberg.FileFormat.PARQUET;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * {@code floe ingest} of a generated event CSV (day x 16-bucket partitions) against Floe's API
 * writer with group commit on the same rows, in the same run: what the command line costs over the
 * writer (reading and converting text, hashing the file) and how many files and snapshots it makes.
 */
final class CliIngestCase {
  private static final int DAYS = 10;
  private static final int BATCH_ROWS = 100_000;

  private CliIngestCase() {}

  /** The CLI's ingest path, or null when the cli module is not on the class path. */
  static CliIngestPath path() {
    return ServiceLoader.load(CliIngestPath.class).findFirst().orElse(null);
  }

  /** The API writer's case, then the CLI's; {@code figures} gets the CLI's files and snapshots. */
  static List<BenchCase> run(
      BenchOptions options, CliIngestPath cli, int rows, int reps, Map<String, String> figures) {
    List<List<Record>> batches = new ArrayList<>();
    for (int start = 0; start < rows; start += BATCH_ROWS) {
      batches.add(EventData.generate(start, Math.min(BATCH_ROWS, rows - start), DAYS, 0, 7));
    }
    Path warehouse = Scratch.create(options.workDir(), "ingest-cli");
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Path csv = csv(warehouse.resolve("events.csv"), batches);
      options.progress().printf(Locale.ROOT, "cli ingest of a %,d-row CSV%n", rows);
      String workload = "events CSV, " + DAYS * 16 + " partitions";
      List<BenchCase> medians =
          Trials.medians(
              reps,
              Trials.Order.ALTERNATE,
              List.of(
                  rep -> IngestBenchmark.floeRun(floe, PARQUET, rep, workload, rows, batches, true),
                  rep -> cli(floe, cli, warehouse, csv, rep, workload, rows, figures)),
              (rep, runs) ->
                  options
                      .progress()
                      .printf(
                          Locale.ROOT,
                          "%s rep %d: api writer %,.0f rows/s, floe ingest %,.0f rows/s%n",
                          workload,
                          rep + 1,
                          runs.get(0).rowsPerSecond(),
                          runs.get(1).rowsPerSecond()));
      figures.put("cli_input_mb", Trials.tenths(sizeOf(csv) / 1e6));
      return medians;
    } finally {
      Scratch.delete(warehouse);
    }
  }

  private static BenchCase cli(
      Floe floe,
      CliIngestPath cli,
      Path warehouse,
      Path csv,
      int rep,
      String workload,
      int rows,
      Map<String, String> figures) {
    String name = "cli_" + rep;
    IngestBenchmark.table(floe, name, PARQUET);
    StringBuilder out = new StringBuilder();
    long start = System.nanoTime();
    int code = cli.ingest(warehouse, "bench." + name, List.of(csv), List.of(), out);
    double seconds = Trials.secondsSince(start);
    Preconditions.checkState(code == 0, "floe ingest failed (exit %s): %s", code, out);
    Table table = floe.tables().load("bench." + name);
    Map<String, String> summary = table.currentSnapshot().summary();
    figures.put("cli_data_files", summary.get("total-data-files"));
    figures.put("cli_snapshots", Integer.toString(sizeOf(table.snapshots())));
    long bytes = Long.parseLong(summary.get("total-files-size"));
    return new BenchCase("floe ingest (cli, in-process)", workload, rows, bytes, seconds);
  }

  /** The rows as CSV with a header, as an export would hold them. */
  private static Path csv(Path file, List<List<Record>> batches) {
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      out.write("id,user_id,event_ts,amount,label\n");
      for (List<Record> batch : batches) {
        for (Record row : batch) {
          out.write(
              row.get(0)
                  + ","
                  + row.get(1)
                  + ","
                  + row.get(2)
                  + ","
                  + row.get(3)
                  + ","
                  + row.get(4)
                  + "\n");
        }
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int sizeOf(Iterable<?> items) {
    int n = 0;
    for (Object ignored : items) {
      n++;
    }
    return n;
  }
}
