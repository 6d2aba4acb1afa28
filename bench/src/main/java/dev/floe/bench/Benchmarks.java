package dev.floe.bench;

import java.util.List;
import java.util.stream.Collectors;

/** The benchmarks Floe ships, by name. */
public final class Benchmarks {
  private Benchmarks() {}

  public static List<Benchmark> all() {
    return List.of(
        new IngestBenchmark(),
        new CommitBenchmark(),
        new ReadBenchmark(),
        new CompactionBenchmark(),
        new CatalogBenchmark());
  }

  public static Benchmark named(String name) {
    return all().stream()
        .filter(b -> b.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    String.format(
                        "Unknown benchmark '%s' (known: %s)",
                        name,
                        all().stream().map(Benchmark::name).collect(Collectors.joining(", ")))));
  }
}
