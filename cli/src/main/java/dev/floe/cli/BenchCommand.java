package dev.floe.cli;

import dev.floe.bench.BenchOptions;
import dev.floe.bench.BenchOutput;
import dev.floe.bench.BenchReport;
import dev.floe.bench.Benchmark;
import dev.floe.bench.Benchmarks;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Run a benchmark against its baseline in the same run.",
      "",
      "Writes NAME.json and NAME.md to --out and prints 'RESULT NAME key=value ...' as its",
      "last line. Benchmarks: ingest, commit, read, compaction, catalog, serve, startup."
    })
final class BenchCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "NAME",
      description =
          "Benchmark to run: ingest, commit, read, compaction, catalog, serve or startup.")
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

  @Override
  public void run() {
    // The start-up benchmark starts the CLI of this very process, from its jars.
    Benchmark benchmark =
        Benchmarks.named(
            name, List.of(new StartupBenchmark(System.getProperty("java.class.path"))));
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
}
