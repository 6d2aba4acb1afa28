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
 */
public record BenchOptions(boolean quick, Path workDir, PrintStream progress) {
  public BenchOptions {
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(progress, "progress");
  }
}
