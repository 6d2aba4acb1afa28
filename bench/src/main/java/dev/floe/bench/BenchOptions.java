package dev.floe.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run a benchmark.
 *
 * @param quick a smaller run (seconds, not minutes) for smoke checks; ratios are noisier
 * @param workDir scratch folder for warehouses; the benchmark deletes what it creates
 * @param progress where to print progress lines
 * @param s3Config a properties file naming a real S3 warehouse ({@code floe.warehouse=s3://...} and
 *     the {@code s3.*} keys) for the benchmarks that compare S3 with a local warehouse; null runs
 *     them against an S3-compatible server started in this JVM
 */
public record BenchOptions(boolean quick, Path workDir, PrintStream progress, Path s3Config) {
  public BenchOptions {
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(progress, "progress");
  }
}
