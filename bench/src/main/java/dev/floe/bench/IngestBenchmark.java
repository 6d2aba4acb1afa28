package dev.floe.bench;

import dev.floe.catalog.Floe;
import dev.floe.ingest.AppendResult;
import dev.floe.ingest.Batch;
import dev.floe.ingest.IngestProperties;
import dev.floe.ingest.TableWriter;
import dev.floe.ingest.profile.ProfileTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/**
 * Floe's {@link TableWriter} against a hand-written Iceberg generic writer on the same generated
 * event rows (160 partitions, one commit per batch), in the same JVM and run.
 */
final class IngestBenchmark extends NamedBenchmark {
  private static final int DAYS = 10;
  static final long GROUP_BYTES = 256L << 20;

  IngestBenchmark() {
    super(
        "ingest",
        "rows/s of Floe's table writer vs a hand-written Iceberg generic writer, 160 partitions");
  }

  @Override
  public BenchReport run(BenchOptions options) {
    int rows = options.quick() ? 200_000 : 1_000_000;
    int batchRows = options.quick() ? 50_000 : 100_000;
    int reps = options.quick() ? 1 : 5;
    List<FileFormat> formats =
        options.quick() ? List.of(FileFormat.PARQUET) : List.of(FileFormat.PARQUET, FileFormat.ORC);

    options.progress().printf(Locale.ROOT, "generating %,d event rows%n", rows);
    List<List<Record>> batches = new ArrayList<>();
    for (int start = 0; start < rows; start += batchRows) {
      batches.add(EventData.generate(start, Math.min(batchRows, rows - start), DAYS, 0, 42));
    }

    List<BenchCase> cases = new ArrayList<>();
    List<EncoderCeiling.Run> ceiling = new ArrayList<>();
    Map<String, String> profileFigures = new LinkedHashMap<>();
    Trials.inWarehouse(
        options,
        "ingest",
        floe -> {
          // Warm both paths up so the JIT does not favour whichever runs second.
          Table warm = table(floe, "warmup", FileFormat.PARQUET);
          GenericWriterBaseline.append(warm, FileFormat.PARQUET, batches.get(0), 0);
          floe(warm, FileFormat.PARQUET, batches.subList(0, 1));
          floeGrouped(warm, FileFormat.PARQUET, batches.subList(0, 1));
          Table warmProfiled = table(floe, "warmup_profiled", FileFormat.PARQUET);
          profiledRun(floe, warmProfiled, FileFormat.PARQUET, "warm-up", 1, batches.subList(0, 1));
          ArrowIngestCase.run(floe, FileFormat.PARQUET, 100, "warm-up", 1, batches.subList(0, 1));
          for (FileFormat format : formats) {
            cases.addAll(compare(floe, format, reps, rows, batches, options));
          }
          ProfileOverhead.measure(floe, options, options.quick() ? 3 : 5, batches, profileFigures);
          ceiling.addAll(EncoderCeiling.run(floe, options, rows, Math.max(3, reps)));
          ceiling.forEach(run -> cases.add(run.wall()));
          if (!options.quick()) {
            // Kept out of --quick: its two cases are the smoke check.
            cases.addAll(IngestExtraCases.run(floe, options.progress(), rows / 10, batchRows / 10));
            cases.addAll(IngestExtraCases.twoThreads(floe, options.progress(), batches));
          }
        });

    Map<String, String> cliFigures = new LinkedHashMap<>();
    CliIngestPath cli = CliIngestCase.path();
    if (cli != null) {
      int cliRows = options.quick() ? 200_000 : 2_000_000;
      cases.addAll(CliIngestCase.run(options, cli, cliRows, options.quick() ? 1 : 3, cliFigures));
    }

    BenchCase baseline = cases.get(0);
    BenchCase floe = cases.get(1);
    BenchCase perBatch = cases.get(2);
    Map<String, String> result = new LinkedHashMap<>();
    result.put("floe_rows_per_s", Trials.whole(floe.rowsPerSecond()));
    result.put("baseline_rows_per_s", Trials.whole(baseline.rowsPerSecond()));
    result.put("speedup", Trials.ratio(floe, baseline));
    result.put("floe_mb_per_s", Trials.tenths(floe.megabytesPerSecond()));
    result.put("per_batch_speedup", Trials.ratio(perBatch, baseline));
    // Profiles on vs off (the default), same rows: the goal is at least 0.90.
    result.put("profile_on_vs_off", Trials.ratio(cases.get(3), floe));
    result.putAll(profileFigures);
    // Rows per busy core of the columnar Parquet writer over parquet-java fed from arrays.
    result.put(
        "columnar_vs_ceiling",
        Trials.hundredths(ceiling.get(1).rowsPerCpuSecond() / ceiling.get(0).rowsPerCpuSecond()));
    result.put("ceiling_rows_per_cpu_s", Trials.whole(ceiling.get(0).rowsPerCpuSecond()));
    result.put("columnar_rows_per_cpu_s", Trials.whole(ceiling.get(1).rowsPerCpuSecond()));
    result.put("arrow_speedup", Trials.ratio(cases.get(4), baseline)); // Batch.ofArrow input
    if (cli != null) {
      BenchCase cliCase = cases.get(cases.size() - 1);
      result.put("cli_rows_per_s", Trials.whole(cliCase.rowsPerSecond()));
      result.put("cli_vs_api_writer", Trials.ratio(cliCase, cases.get(cases.size() - 2)));
      result.putAll(cliFigures);
    }
    String notes =
        String.format(
            Locale.ROOT,
            "%,d rows in batches of %,d, median of %d run(s); headline is Parquet. The baseline"
                + " commits each batch (160 files per batch). Floe group commit: one producer"
                + " thread calls appendAsync for every batch and joins the futures; the writer"
                + " coalesces queued batches into one snapshot and one file per partition (up to"
                + " %d MB per group). Floe a snapshot per batch: append() with group commit off."
                + " profile_on_vs_off: group commit with column profiles, ndv blobs and each"
                + " commit's profile in bench.floe_profiles, as floe ingest writes them"
                + " (floe.ingest.profile.enabled=true), over the same without (the default);"
                + " the warm-up runs both."
                + " profile_on_vs_off_paired / profile_cpu_on_vs_off: the same, Parquet, in"
                + " off/on pairs (order swapped each pair), median over the pairs of rows/s and"
                + " of rows per process CPU second (every thread): the CPU ratio is the one a"
                + " shared machine does not blur."
                + " CLI case: floe ingest of a generated event CSV (10 days x 16 buckets) in this"
                + " JVM with its default options, against the API writer with group commit on the"
                + " same rows; cli_data_files/cli_snapshots are what the ingest made."
                + " columnar_vs_ceiling: rows per CPU second of Floe's columnar Parquet writer"
                + " (Arrow vectors) over parquet-java's ColumnWriteStore fed from arrays, the"
                + " 5-column rows into one zstd file on one core, median of 3 or more runs.",
            rows,
            batchRows,
            reps,
            GROUP_BYTES >> 20);
    return report(options, cases, result, notes);
  }

  /**
   * The baseline, Floe with group commit, Floe a snapshot per batch, Floe with group commit and
   * column profiles (the table property on) and Floe with group commit on Arrow input, in order.
   */
  private static List<BenchCase> compare(
      Floe floe,
      FileFormat format,
      int reps,
      int rows,
      List<List<Record>> batches,
      BenchOptions options) {
    String workload = "events 160 partitions " + format.name().toLowerCase(Locale.ROOT);
    // Alternate who goes first so neither side always gets the warmer JIT or heap.
    List<BenchCase> medians =
        Trials.medians(
            reps,
            Trials.Order.ALTERNATE,
            List.of(
                rep -> baselineRun(floe, format, rep, workload, rows, batches),
                rep -> floeRun(floe, format, rep, workload, rows, batches, false),
                rep -> floeRun(floe, format, rep, workload, rows, batches, true),
                rep ->
                    profiledRun(
                        floe,
                        table(floe, "floe_profiled_" + format + "_" + rep, format),
                        format,
                        workload,
                        rows,
                        batches),
                rep -> ArrowIngestCase.run(floe, format, rep, workload, rows, batches)),
            (rep, runs) ->
                options
                    .progress()
                    .printf(
                        Locale.ROOT,
                        "%s rep %d: baseline %,.0f rows/s, floe group commit %,.0f rows/s,"
                            + " floe a snapshot per batch %,.0f rows/s, group commit with"
                            + " profiles %,.0f rows/s%n",
                        workload,
                        rep + 1,
                        runs.get(0).rowsPerSecond(),
                        runs.get(2).rowsPerSecond(),
                        runs.get(1).rowsPerSecond(),
                        runs.get(3).rowsPerSecond()));
    return List.of(medians.get(0), medians.get(2), medians.get(1), medians.get(3), medians.get(4));
  }

  private static BenchCase baselineRun(
      Floe floe,
      FileFormat format,
      int rep,
      String workload,
      int rows,
      List<List<Record>> batches) {
    Table table = table(floe, "baseline_" + format + "_" + rep, format);
    long start = System.nanoTime();
    long bytes = 0;
    for (int b = 0; b < batches.size(); b++) {
      bytes += GenericWriterBaseline.append(table, format, batches.get(b), b);
    }
    return new BenchCase(
        "iceberg generic writer", workload, rows, bytes, Trials.secondsSince(start));
  }

  static BenchCase floeRun(
      Floe floe,
      FileFormat format,
      int rep,
      String workload,
      int rows,
      List<List<Record>> batches,
      boolean grouped) {
    String name = grouped ? "floe_grouped_" : "floe_";
    Table table = table(floe, name + format + "_" + rep, format);
    long start = System.nanoTime();
    long bytes = grouped ? floeGrouped(table, format, batches) : floe(table, format, batches);
    return new BenchCase(
        grouped ? "floe TableWriter, group commit" : "floe TableWriter, a snapshot per batch",
        workload,
        rows,
        bytes,
        Trials.secondsSince(start));
  }

  /**
   * Group commit on a table whose {@link IngestProperties#PROFILE_ENABLED} is true, writing each
   * commit's profile to the namespace's profile table as {@code floe ingest} does.
   */
  private static BenchCase profiledRun(
      Floe floe,
      Table table,
      FileFormat format,
      String workload,
      int rows,
      List<List<Record>> batches) {
    table.updateProperties().set(IngestProperties.PROFILE_ENABLED, "true").commit();
    ProfileTable profiles = ProfileTable.of(floe, "bench");
    long start = System.nanoTime();
    long bytes = floeGrouped(table, format, batches, profiles);
    return new BenchCase(
        "floe TableWriter, group commit, column profiles",
        workload,
        rows,
        bytes,
        Trials.secondsSince(start));
  }

  /** One producer thread that does not wait for each commit: the writer coalesces its batches. */
  static long floeGrouped(Table table, FileFormat format, List<List<Record>> batches) {
    return floeGrouped(table, format, batches, null);
  }

  /** As above; a profiling table's commits also write their profiles to {@code profiles}. */
  static long floeGrouped(
      Table table, FileFormat format, List<List<Record>> batches, ProfileTable profiles) {
    List<CompletableFuture<AppendResult>> pending = new ArrayList<>();
    TableWriter.Builder builder =
        TableWriter.forTable(table)
            .producerId("bench")
            .format(format)
            .groupCommit(Duration.ofMillis(200), GROUP_BYTES);
    try (TableWriter writer =
        profiles == null ? builder.build() : builder.profileTable(profiles).build()) {
      long sequence = writer.lastCommittedSequence() + 1;
      for (List<Record> batch : batches) {
        pending.add(writer.appendAsync(Batch.of(sequence++, EventData.SCHEMA, batch)));
      }
      return pending.stream().mapToLong(future -> future.join().bytes()).sum();
    }
  }

  private static long floe(Table table, FileFormat format, List<List<Record>> batches) {
    long bytes = 0;
    try (TableWriter writer =
        TableWriter.forTable(table).producerId("bench").format(format).build()) {
      long sequence = writer.lastCommittedSequence() + 1;
      for (List<Record> batch : batches) {
        AppendResult result = writer.append(Batch.of(sequence++, EventData.SCHEMA, batch));
        bytes += result.bytes();
      }
    }
    return bytes;
  }

  static Table table(Floe floe, String name, FileFormat format) {
    return floe.tables()
        .createIfAbsent(
            "bench." + name.toLowerCase(Locale.ROOT),
            EventData.SCHEMA,
            EventData.SPEC,
            Map.of("write.format.default", format.name().toLowerCase(Locale.ROOT)));
  }
}
