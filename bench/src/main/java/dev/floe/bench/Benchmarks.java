package dev.floe.bench;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

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

  /** The benchmark called {@code name}; throws, listing the known names, if there is none. */
  public static Benchmark named(String name) {
    Optional<Benchmark> found = all().stream().filter(b -> b.name().equals(name)).findFirst();
    Preconditions.checkArgument(
        found.isPresent(),
        "Unknown benchmark '%s' (known: %s)",
        name,
        all().stream().map(Benchmark::name).collect(Collectors.joining(", ")));
    return found.get();
  }
}
