package dev.floe.bench;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.compaction.Compaction;
import dev.floe.compaction.CompactionResult;
import dev.floe.spark.SparkEngine;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.iceberg.Table;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Floe against Apache Spark 3.5 ({@code local[2]}, in this JVM through {@link SparkEngine}'s
 * isolated class loader) on one generated table of small event files: compaction (Floe's bin-pack
 * vs Iceberg's {@code rewrite_data_files} as {@code FloeSpark.compact} runs it), and verified
 * rehydration of the same lock (Floe's Arrow rehydration vs {@code FloeSpark.read}, each file's
 * digest checked on an executor), on the small files and on the compacted table. Spark starts once,
 * before any timing, and both sides are warmed up first.
 */
public final class SparkBenchmark extends NamedBenchmark {
  private final Function<FloeConfig, SparkEngine> spark;

  /**
   * @param spark starts Spark ({@code local[2]}) for a lakehouse's configuration; the caller says
   *     where Spark comes from (a SPARK_HOME, a classpath)
   */
  public SparkBenchmark(Function<FloeConfig, SparkEngine> spark) {
    super(
        "spark",
        "Floe vs Spark 3.5 local[2]: compaction (rewrite_data_files) and verified rehydration of"
            + " one lock");
    this.spark = Objects.requireNonNull(spark, "spark");
  }

  @Override
  public BenchReport run(BenchOptions options) {
    int rows = options.quick() ? 200_000 : 1_000_000;
    int reps = options.quick() ? 1 : 3;
    List<BenchCase> cases = new ArrayList<>();
    Map<String, String> result = new LinkedHashMap<>();
    Trials.inWarehouse(
        options,
        "spark",
        floe -> {
          options.progress().printf(Locale.ROOT, "writing %,d rows in 1,000 files%n", rows);
          CompactionShape shape = CompactionShape.oneThousandFiles(floe, rows);
          options.progress().println("starting Spark (local[2])");
          try (SparkEngine engine = spark.apply(floe.config())) {
            options.progress().println("warming up both engines");
            Compaction.binPack(shape.newTable(floe, "warm_floe", 50)).commit();
            engine.compact(name(shape.newTable(floe, "warm_spark", 50)), options());
            cases.addAll(compaction(floe, engine, shape, reps, options, result));
            Table small = shape.newTable(floe, "read_small");
            Table compacted = shape.newTable(floe, "read_compacted");
            Compaction.binPack(compacted).parallelism(2).commit();
            cases.addAll(read(floe, engine, small, "small", shape, reps, options, result));
            cases.addAll(read(floe, engine, compacted, "compacted", shape, reps, options, result));
          }
        });
    String notes =
        String.format(
            Locale.ROOT,
            "%,d event rows in 1,000 Parquet files over 10 day partitions. Compaction to 128 MiB"
                + " targets on fresh copies of the table: Floe at parallelism 2 vs FloeSpark.compact"
                + " (Iceberg's RewriteDataFiles, bin-pack, one commit) on Spark local[2] in the same"
                + " JVM, Spark started and both warmed up before timing. Read: one lock of all"
                + " columns, rehydrated verified by Floe (Arrow) and by FloeSpark.read (one task per"
                + " file, digests checked on the executors, rows counted), on the 1,000 small files"
                + " and on the compacted table. Median of %d run(s); cpu is process CPU time.",
            rows,
            reps);
    return report(options, cases, result, notes);
  }

  private static List<BenchCase> compaction(
      Floe floe,
      SparkEngine engine,
      CompactionShape shape,
      int reps,
      BenchOptions options,
      Map<String, String> result) {
    double[] cpu = new double[2];
    List<BenchCase> cases =
        Trials.medians(
            reps,
            Trials.Order.ALTERNATE,
            List.of(
                timed(
                    cpu,
                    0,
                    rep -> {
                      Table table = shape.newTable(floe, "floe_" + rep);
                      long start = System.nanoTime();
                      CompactionResult r = Compaction.binPack(table).parallelism(2).commit();
                      Preconditions.checkState(r.complete(), "Floe compaction incomplete: %s", r);
                      return new BenchCase(
                          "floe compaction",
                          shape.workload(),
                          shape.rows(),
                          r.rewrittenBytes(),
                          Trials.secondsSince(start));
                    }),
                timed(
                    cpu,
                    1,
                    rep -> {
                      Table table = shape.newTable(floe, "spark_" + rep);
                      long bytes = bytes(table);
                      long start = System.nanoTime();
                      SparkEngine.Compacted r = engine.compact(name(table), options());
                      Preconditions.checkState(
                          r.rewrittenFiles() == shape.files(),
                          "Spark rewrote %s of %s files",
                          r.rewrittenFiles(),
                          shape.files());
                      return new BenchCase(
                          "spark rewrite_data_files",
                          shape.workload(),
                          shape.rows(),
                          bytes,
                          Trials.secondsSince(start));
                    })),
            (rep, runs) -> progress(options, "compaction", rep, runs, cpu));
    result.put("compaction_floe_seconds", Trials.hundredths(cases.get(0).seconds()));
    result.put("compaction_spark_seconds", Trials.hundredths(cases.get(1).seconds()));
    result.put(
        "compaction_speedup", Trials.hundredths(cases.get(1).seconds() / cases.get(0).seconds()));
    result.put("compaction_cpu_ratio", Trials.hundredths(cpu[1] / cpu[0]));
    return cases;
  }

  private static List<BenchCase> read(
      Floe floe,
      SparkEngine engine,
      Table table,
      String key,
      CompactionShape shape,
      int reps,
      BenchOptions options,
      Map<String, String> result) {
    TrainingLock lock = TimeTravel.pin(floe, name(table)).commit();
    // Inside the scratch warehouse, which the run deletes.
    Path lockFile = floe.config().localWarehouse().resolve("spark-bench-" + key + ".lock.json");
    lock.write(lockFile);
    String workload =
        String.format(Locale.ROOT, "%,d rows, lock of %s files", shape.rows(), lock.dataFiles());
    // Warm-up: the first read of each engine pays for class loading and the JIT.
    floeRead(floe, lock, table, workload);
    engine.read(lockFile, null);
    long bytes = bytes(table);
    double[] cpu = new double[2];
    List<BenchCase> cases =
        Trials.medians(
            reps,
            Trials.Order.ALTERNATE,
            List.of(
                timed(cpu, 0, rep -> floeRead(floe, lock, table, workload)),
                timed(
                    cpu,
                    1,
                    rep -> {
                      long start = System.nanoTime();
                      long n = engine.read(lockFile, null);
                      return new BenchCase(
                          "FloeSpark.read", workload, n, bytes, Trials.secondsSince(start));
                    })),
            (rep, runs) -> progress(options, "read " + key, rep, runs, cpu));
    Preconditions.checkState(
        cases.get(0).rows() == shape.rows() && cases.get(1).rows() == shape.rows(),
        "Reads disagree with the table: floe %s, spark %s rows of %s",
        cases.get(0).rows(),
        cases.get(1).rows(),
        shape.rows());
    result.put("read_" + key + "_floe_seconds", Trials.hundredths(cases.get(0).seconds()));
    result.put("read_" + key + "_spark_seconds", Trials.hundredths(cases.get(1).seconds()));
    result.put(
        "read_" + key + "_speedup",
        Trials.hundredths(cases.get(1).seconds() / cases.get(0).seconds()));
    result.put("read_" + key + "_cpu_ratio", Trials.hundredths(cpu[1] / cpu[0]));
    return cases;
  }

  private static BenchCase floeRead(Floe floe, TrainingLock lock, Table table, String workload) {
    return ReadSubjects.verified(floe, lock).read(table, workload);
  }

  // Each subject's process CPU seconds in its last run, into cpu[index].
  private static IntFunction<BenchCase> timed(
      double[] cpu, int index, IntFunction<BenchCase> subject) {
    return rep -> {
      long start = processCpuNanos();
      BenchCase run = subject.apply(rep);
      cpu[index] = (processCpuNanos() - start) / 1e9;
      return run;
    };
  }

  private static void progress(
      BenchOptions options, String what, int rep, List<BenchCase> runs, double[] cpu) {
    options
        .progress()
        .printf(
            Locale.ROOT,
            "%s rep %d: floe %.2f s (cpu %.2f s), spark %.2f s (cpu %.2f s)%n",
            what,
            rep + 1,
            runs.get(0).seconds(),
            cpu[0],
            runs.get(1).seconds(),
            cpu[1]);
  }

  private static Map<String, String> options() {
    return Map.of("target-file-size-bytes", String.valueOf(128L << 20), "min-input-files", "2");
  }

  // The data files' bytes, as the Floe subjects count them.
  private static long bytes(Table table) {
    return Long.parseLong(table.currentSnapshot().summary().getOrDefault("total-files-size", "0"));
  }

  // db.table, without the catalog's name that Table.name() starts with.
  private static String name(Table table) {
    String name = table.name();
    return name.substring(name.indexOf('.') + 1);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
