package dev.floe.bench;

import dev.floe.catalog.Floe;
import dev.floe.compaction.Compaction;
import dev.floe.compaction.CompactionResult;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Floe's compaction against a hand-written rewrite with Iceberg generics, in the same run, on three
 * shapes of small Parquet files of event rows: 1,000 files in one commit over 10 day partitions;
 * {@code floe demo}'s 3,360 files in 21 commits over 160 partitions; and 500 files from streaming
 * ingest, 50 commits over 10 day partitions (50 manifests). Both sides start from a fresh table
 * that lists the same input files in the same commits, so neither reads warmer metadata.
 */
final class CompactionBenchmark extends NamedBenchmark {
  private static final int MAX_WARMUPS = 15;

  CompactionBenchmark() {
    super(
        "compaction",
        "seconds compacting 1,000, 3,360 (160 partitions) and 500 (50 commits) small files: Floe"
            + " vs a hand-written generic rewrite");
  }

  @Override
  public BenchReport run(BenchOptions options) {
    int rows = options.quick() ? 200_000 : 1_000_000;
    int reps = options.quick() ? 1 : 5;
    int warmups = options.quick() ? 1 : 3;
    List<BenchCase> cases = new ArrayList<>();
    Map<String, String> result = new LinkedHashMap<>();
    Trials.inWarehouse(
        options,
        "compaction",
        floe -> {
          options.progress().printf(Locale.ROOT, "writing %,d rows in three shapes%n", rows);
          List<CompactionShape> shapes =
              List.of(
                  CompactionShape.oneThousandFiles(floe, rows),
                  CompactionShape.demo(floe, rows),
                  CompactionShape.streaming(floe, rows));
          for (CompactionShape shape : shapes) {
            int warmed = warmUp(floe, shape, warmups, options);
            result.put(shape.key() + "warmup_runs", Integer.toString(warmed));
            cases.addAll(measure(floe, shape, reps, options, result));
          }
        });
    String notes =
        String.format(
            Locale.ROOT,
            "%,d event rows per shape in Parquet files, compacted to 128 MiB targets: 1,000 files"
                + " in one commit over 10 day partitions; 3,360 in 21 commits over 160 partitions"
                + " (demo_); 500 in 50 commits over 10 day partitions (streaming_). Floe at"
                + " parallelism 2, one commit; baseline single-threaded, one commit; median of %d"
                + " run(s), after at least %d unmeasured run(s) of each on each shape, more until"
                + " the JIT compiler took under a tenth of a run's time (at most %d; warmup_runs):"
                + " a compiler still busy takes a core from Floe's two workers and none from the"
                + " single-threaded baseline. Includes planning and commit. cpu_ratio: baseline"
                + " process CPU seconds over Floe's, medians of the reps.",
            rows,
            reps,
            warmups,
            MAX_WARMUPS);
    return report(options, cases, result, notes);
  }

  /**
   * Runs both subjects on fresh tables of {@code shape}, unmeasured, until the JIT compiler has
   * settled: at least {@code minRuns} times each, then until compiling took under a tenth of a
   * run's wall time, at most {@link #MAX_WARMUPS} times. A compiler still busy takes a core from
   * Floe's two workers and none from the single-threaded baseline, whose second core is idle.
   * Returns the runs each subject made.
   */
  private static int warmUp(Floe floe, CompactionShape shape, int minRuns, BenchOptions options) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    int runs = 0;
    while (runs < MAX_WARMUPS) {
      String name = shape.key() + "warm_" + runs;
      long compiledBefore = jit.getTotalCompilationTime();
      long start = System.nanoTime();
      CompactionBaseline.rewrite(shape.newTable(floe, name + "_base"), FileFormat.PARQUET);
      Compaction.binPack(shape.newTable(floe, name + "_floe")).parallelism(2).commit();
      double wallMillis = (System.nanoTime() - start) / 1e6;
      long compiledMillis = jit.getTotalCompilationTime() - compiledBefore;
      runs++;
      options
          .progress()
          .printf(
              Locale.ROOT,
              "warm-up %d on %s: %.0f ms, %d ms compiling%n",
              runs,
              shape.workload(),
              wallMillis,
              compiledMillis);
      if (runs >= minRuns && compiledMillis < wallMillis / 10) {
        break;
      }
    }
    return runs;
  }

  /** Both subjects on fresh tables of {@code shape}; adds the shape's figures to {@code result}. */
  private static List<BenchCase> measure(
      Floe floe,
      CompactionShape shape,
      int reps,
      BenchOptions options,
      Map<String, String> result) {
    String prefix = shape.key();
    CompactionResult[] last = new CompactionResult[1];
    // Process CPU seconds of each subject's last run: the machine may be shared, wall time noisy.
    double[] cpu = new double[2];
    // Every rep's, for the median CPU ratio: on a loaded machine it says more than wall time.
    List<Double> baseCpu = new ArrayList<>();
    List<Double> floeCpu = new ArrayList<>();
    List<BenchCase> cases =
        Trials.medians(
            reps,
            Trials.Order.ALTERNATE,
            List.of(
                rep -> {
                  Table table = shape.newTable(floe, prefix + "base_" + rep);
                  long cpuStart = processCpuNanos();
                  BenchCase run = baselineRun(table, shape);
                  cpu[0] = (processCpuNanos() - cpuStart) / 1e9;
                  return run;
                },
                rep -> {
                  Table table = shape.newTable(floe, prefix + "floe_" + rep);
                  long cpuStart = processCpuNanos();
                  long start = System.nanoTime();
                  last[0] = Compaction.binPack(table).parallelism(2).commit();
                  double seconds = Trials.secondsSince(start);
                  cpu[1] = (processCpuNanos() - cpuStart) / 1e9;
                  Preconditions.checkState(
                      last[0].complete(),
                      "Floe compaction did not rewrite every file: %s",
                      last[0]);
                  return new BenchCase(
                      "floe compaction",
                      shape.workload(),
                      shape.rows(),
                      last[0].rewrittenBytes(),
                      seconds);
                }),
            (rep, runs) -> {
              baseCpu.add(cpu[0]);
              floeCpu.add(cpu[1]);
              options
                  .progress()
                  .printf(
                      Locale.ROOT,
                      "%s rep %d: baseline %.2f s (cpu %.2f s), floe %.2f s (cpu %.2f s)%n",
                      shape.workload(),
                      rep + 1,
                      runs.get(0).seconds(),
                      cpu[0],
                      runs.get(1).seconds(),
                      cpu[1]);
            });
    BenchCase base = cases.get(0);
    BenchCase floeCase = cases.get(1);
    result.put(prefix + "floe_seconds", Trials.hundredths(floeCase.seconds()));
    result.put(prefix + "baseline_seconds", Trials.hundredths(base.seconds()));
    if (prefix.isEmpty()) {
      result.put("floe_mb_per_s", Trials.tenths(floeCase.megabytesPerSecond()));
      result.put("floe_files_per_s", Trials.whole(shape.files() / floeCase.seconds()));
      result.put("baseline_files_per_s", Trials.whole(shape.files() / base.seconds()));
    }
    result.put(prefix + "speedup", Trials.hundredths(base.seconds() / floeCase.seconds()));
    // Baseline CPU over Floe's (medians of the reps): how much less CPU Floe's rewrite takes.
    result.put(prefix + "cpu_ratio", Trials.hundredths(median(baseCpu) / median(floeCpu)));
    result.put(prefix + "files", Integer.toString(shape.files()));
    result.put(prefix + "commits", Integer.toString(last[0].commits()));
    result.put(prefix + "manifests_written", Integer.toString(last[0].manifestsWritten()));
    return cases;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static BenchCase baselineRun(Table table, CompactionShape shape) {
    long start = System.nanoTime();
    long bytes = CompactionBaseline.rewrite(table, FileFormat.PARQUET);
    return new BenchCase(
        "iceberg generics rewrite",
        shape.workload(),
        shape.rows(),
        bytes,
        Trials.secondsSince(start));
  }
}
