package dev.floe.bench;

/** A named, reproducible comparison of Floe with the baseline a user would otherwise write. */
public interface Benchmark {
  String name();

  String description();

  BenchReport run(BenchOptions options);
}
