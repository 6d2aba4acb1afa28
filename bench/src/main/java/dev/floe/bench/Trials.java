package dev.floe.bench;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The harness every comparison shares: Floe on a scratch warehouse, subjects run in interleaved
 * reps, each subject's median run, and the number formats of the {@code RESULT} line. Reps
 * interleave the subjects so that the JIT, the heap and load from other processes on a shared
 * machine favour none of them.
 */
final class Trials {
  private Trials() {}

  /** In which order each rep runs the subjects. */
  enum Order {
    /** Even reps in the order given, odd reps in reverse: nobody always goes first. */
    ALTERNATE,
    /** Rep {@code r} starts at subject {@code r} (mod their number) and goes round. */
    ROTATE
  }

  /** Runs {@code body} with Floe open on a fresh embedded warehouse, deleted afterwards. */
  static void inWarehouse(BenchOptions options, String prefix, Consumer<Floe> body) {
    Path warehouse = Scratch.create(options.workDir(), prefix);
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      body.accept(floe);
    } finally {
      Scratch.delete(warehouse);
    }
  }

  /**
   * Runs every subject {@code reps} times (a subject is given the rep number) and returns each
   * subject's median run, in the subjects' order. {@code afterRep} sees the rep number and that
   * rep's runs in the subjects' order, for progress lines.
   */
  static List<BenchCase> medians(
      int reps,
      Order order,
      List<IntFunction<BenchCase>> subjects,
      BiConsumer<Integer, List<BenchCase>> afterRep) {
    int n = subjects.size();
    List<List<BenchCase>> runs = new ArrayList<>();
    subjects.forEach(s -> runs.add(new ArrayList<>()));
    for (int rep = 0; rep < reps; rep++) {
      BenchCase[] thisRep = new BenchCase[n];
      for (int k = 0; k < n; k++) {
        int index = order == Order.ROTATE ? (k + rep) % n : rep % 2 == 1 ? n - 1 - k : k;
        thisRep[index] = subjects.get(index).apply(rep);
        runs.get(index).add(thisRep[index]);
      }
      afterRep.accept(rep, List.of(thisRep));
    }
    return runs.stream().map(Trials::median).toList();
  }

  /** The run of median time (the upper one of an even number). */
  static BenchCase median(List<BenchCase> runs) {
    List<BenchCase> sorted = new ArrayList<>(runs);
    sorted.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
    return sorted.get(sorted.size() / 2);
  }

  static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** How many times {@code a}'s rows per second {@code b}'s are, to a hundredth. */
  static String ratio(BenchCase a, BenchCase b) {
    return hundredths(a.rowsPerSecond() / b.rowsPerSecond());
  }

  /** A rate in whole units, e.g. rows per second. */
  static String whole(double value) {
    return String.format(Locale.ROOT, "%.0f", value);
  }

  /** A figure to a tenth, e.g. MB/s or milliseconds. */
  static String tenths(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /** A ratio or a time in seconds, to a hundredth. */
  static String hundredths(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
