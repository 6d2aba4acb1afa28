package dev.floe.bench;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A benchmark's name and one-line description, and the report it ends with. */
abstract class NamedBenchmark implements Benchmark {
  private final String name;
  private final String description;

  NamedBenchmark(String name, String description) {
    this.name = Objects.requireNonNull(name, "name");
    this.description = Objects.requireNonNull(description, "description");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  /** The report of one run of this benchmark. */
  final BenchReport report(
      BenchOptions options, List<BenchCase> cases, Map<String, String> result, String notes) {
    return new BenchReport(name, options.quick(), cases, result, notes);
  }
}
