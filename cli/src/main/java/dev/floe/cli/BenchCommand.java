package dev.floe.cli;

import dev.floe.bench.BenchOptions;
import dev.floe.bench.BenchOutput;
import dev.floe.bench.BenchReport;
import dev.floe.bench.Benchmark;
import dev.floe.bench.Benchmarks;
import dev.floe.bench.SparkBenchmark;
import dev.floe.catalog.FloeConfig;
import dev.floe.spark.SparkEngine;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Run a benchmark against its baseline in the same run.",
      "",
      "Writes NAME.json and NAME.md to --out and prints 'RESULT NAME key=value ...' as its",
      "last line. Benchmarks: ingest, commit, read, compaction, catalog, serve, startup, spark.",
      "'spark' needs Spark 3.5 with iceberg-spark-runtime-3.5_2.12 (SPARK_HOME or",
      "--spark-classpath); without it, it says so and exits 2."
    })
final class BenchCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "NAME",
      description =
          "Benchmark to run: ingest, commit, read, compaction, catalog, serve, startup or spark.")
  String name;

  @Option(names = "--quick", description = "A small run for smoke checks (noisier ratios).")
  boolean quick;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "bench-results",
      description = "Where to write results (default bench-results/).")
  Path out;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Scratch folder for benchmark warehouses (default: OUT/work).")
  Path workDir;

  @Option(
      names = "--s3-config",
      paramLabel = "FILE",
      description =
          "For 'catalog' (ingest to S3 vs a local warehouse): a properties file naming a real S3"
              + " warehouse, floe.warehouse=s3://bucket/prefix and the s3.* keys (s3.endpoint,"
              + " s3.access-key-id, s3.secret-access-key, ...). The run writes under a fresh"
              + " prefix of that warehouse and purges it afterwards; secrets are never printed."
              + " Default: an S3Proxy started in-process on 127.0.0.1 with its files in the"
              + " work dir.")
  Path s3Config;

  @Option(
      names = "--spark-classpath",
      paramLabel = "PATH",
      description = "For 'spark': jars for Spark (':'-separated; dir/*), after SPARK_HOME's.")
  String sparkClasspath;

  @Override
  public void run() {
    // The start-up benchmark starts the CLI of this very process, from its jars.
    Benchmark benchmark =
        Benchmarks.named(
            name,
            List.of(
                new StartupBenchmark(System.getProperty("java.class.path")),
                new SparkBenchmark(config -> spark(config).master("local[2]").start())));
    if (benchmark instanceof SparkBenchmark) {
      checkSpark();
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf("Running %s%s: %s%n", name, quick ? " (quick)" : "", benchmark.description());
    stdout.flush();
    PrintStream progress = System.out;
    BenchReport report =
        benchmark.run(
            new BenchOptions(
                quick, workDir != null ? workDir : out.resolve("work"), progress, s3Config));
    progress.flush();
    for (Path file : BenchOutput.write(report, out)) {
      stdout.println("wrote " + file);
    }
    stdout.println();
    stdout.print(BenchOutput.markdown(report));
    stdout.println();
    stdout.println(report.resultLine());
    stdout.flush();
  }

  private SparkEngine.Builder spark(FloeConfig config) {
    return SparkEngine.builder(config)
        .environment(CliEnvironment.of(spec).env())
        .classpath(sparkClasspath);
  }

  // No Spark is a usage problem (exit 2) that says how to get one, before any table is written.
  private void checkSpark() {
    try {
      spark(FloeConfig.embedded(Path.of("unused"))).check();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          e.getMessage()
              + ". Spark 3.5: https://archive.apache.org/dist/spark/spark-3.5.7/ (the -bin-hadoop3"
              + " tarball); the runtime jar: Maven Central,"
              + " org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.11.0");
    }
  }
}
