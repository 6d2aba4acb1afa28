package dev.floe.bench;

import java.util.ArrayList;
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
        new CatalogBenchmark(),
        new ServeBenchmark());
  }

  /** The benchmark called {@code name}; throws, listing the known names, if there is none. */
  public static Benchmark named(String name) {
    return named(name, List.of());
  }

  /**
   * The benchmark called {@code name} among {@link #all()} and {@code more} (those a caller builds
   * itself, such as the CLI's start-up benchmark, which needs the CLI's jars).
   */
  public static Benchmark named(String name, List<Benchmark> more) {
    List<Benchmark> known = new ArrayList<>(all());
    known.addAll(more);
    Optional<Benchmark> found = known.stream().filter(b -> b.name().equals(name)).findFirst();
    Preconditions.checkArgument(
        found.isPresent(),
        "Unknown benchmark '%s' (known: %s)",
        name,
        known.stream().map(Benchmark::name).collect(Collectors.joining(", ")));
    return found.get();
  }
}
