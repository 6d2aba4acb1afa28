package dev.floe.cli;

import dev.floe.bench.BenchCase;
import dev.floe.bench.BenchOptions;
import dev.floe.bench.BenchReport;
import dev.floe.bench.Benchmark;
import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * {@code floe bench startup}: how long a new {@code floe} process takes for {@code --help} and for
 * {@code tables} on an empty embedded warehouse, started with the launcher's class-data archive
 * ({@link ClassDataArchive}) against the same JVM without it, the baseline. Every run is a fresh
 * JVM on the class path given (the jars of the running CLI); runs interleave so that load from
 * other processes favours neither side.
 */
final class StartupBenchmark implements Benchmark {
  private final String classpath;

  /** {@code classpath}: jars only, as the JVM archives no classes from folders. */
  StartupBenchmark(String classpath) {
    this.classpath = classpath;
  }

  @Override
  public String name() {
    return "startup";
  }

  @Override
  public String description() {
    return "new floe processes (--help, tables) with the class-data archive vs without";
  }

  @Override
  public BenchReport run(BenchOptions options) {
    Path work = null;
    try {
      Files.createDirectories(options.workDir());
      work = Files.createTempDirectory(options.workDir(), "startup-");
      Path warehouse = work.resolve("empty-warehouse");
      Floe.open(FloeConfig.embedded(warehouse)).close();
      Path archive = work.resolve("floe-cli.jsa");
      options.progress().println("  building the class-data archive ...");
      ClassDataArchive.create(ClassDataArchive.javaBinary(), classpath, archive, options.quick());
      List<List<String>> commands =
          List.of(List.of("--help"), List.of("tables", "-w", warehouse.toString()));
      int reps = options.quick() ? 2 : 11;
      List<List<Double>> seconds = new ArrayList<>();
      for (int i = 0; i < 2 * commands.size(); i++) {
        seconds.add(new ArrayList<>());
      }
      for (int rep = 0; rep < reps; rep++) {
        for (int k = 0; k < seconds.size(); k++) {
          // Odd reps go in reverse, so that neither side always runs first.
          int i = rep % 2 == 0 ? k : seconds.size() - 1 - k;
          seconds.get(i).add(time(work, i % 2 == 1 ? archive : null, commands.get(i / 2)));
        }
        options.progress().printf("  rep %d/%d done%n", rep + 1, reps);
      }
      List<BenchCase> cases = new ArrayList<>();
      Map<String, String> result = new LinkedHashMap<>();
      for (int c = 0; c < commands.size(); c++) {
        String name = commands.get(c).get(0).replace("--", "");
        double plain = median(seconds.get(2 * c));
        double shared = median(seconds.get(2 * c + 1));
        cases.add(new BenchCase("floe " + commands.get(c).get(0), "new JVM", 1, 0, plain));
        cases.add(
            new BenchCase("floe " + commands.get(c).get(0) + " + CDS", "new JVM", 1, 0, shared));
        result.put(name + "_ms", millis(plain));
        result.put(name + "_cds_ms", millis(shared));
        result.put(name + "_speedup", String.format(Locale.ROOT, "%.2f", plain / shared));
      }
      return new BenchReport(
          name(),
          options.quick(),
          cases,
          result,
          "Median of " + reps + " runs each; the baseline is the same JVM without the archive.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    } finally {
      if (work != null) {
        ClassDataArchive.deleteTree(work);
      }
    }
  }

  /** Seconds one {@code floe args} process takes, start to exit; it must succeed. */
  private double time(Path work, Path archive, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ClassDataArchive.javaBinary().toString()));
    if (archive != null) {
      command.add("-XX:SharedArchiveFile=" + archive);
    }
    command.addAll(List.of(ClassDataArchive.OPENS, "-cp", classpath, FloeCli.class.getName()));
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    // The user's FLOE_* settings would point the runs at another catalog.
    builder.environment().keySet().removeIf(k -> k.startsWith("FLOE_"));
    long start = System.nanoTime();
    Process process = builder.start();
    process.getOutputStream().close();
    Preconditions.checkState(
        process.waitFor(2, TimeUnit.MINUTES), "floe %s did not finish in 2 min", args);
    double seconds = (System.nanoTime() - start) / 1e9;
    Preconditions.checkState(
        process.exitValue() == 0, "floe %s exited with %s", args, process.exitValue());
    return seconds;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static String millis(double seconds) {
    return String.format(Locale.ROOT, "%.0f", seconds * 1000);
  }
}
