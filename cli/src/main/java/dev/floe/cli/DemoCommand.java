package dev.floe.cli;

import dev.floe.catalog.Floe;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole Floe path end to end on a local warehouse.",
      "",
      "On ./floe-warehouse (or --warehouse DIR): create a partitioned events table, ingest from",
      "several producer threads, evolve the schema, reject bad batches, write on an experiment",
      "branch, publish a batch through a contract audit while a drifted one stays quarantined,",
      "compact, expire, pin a training snapshot and rehydrate it with verification.",
      "Safe to run again on the same warehouse. Exits 1 if any check fails."
    })
final class DemoCommand implements Callable<Integer> {
  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--producers", defaultValue = "4", description = "Producer threads (default 4).")
  int producers;

  @Option(
      names = "--batches",
      defaultValue = "5",
      description = "Batches per producer (default 5).")
  int batches;

  @Option(names = "--rows", defaultValue = "10000", description = "Rows per batch (default 10000).")
  int rows;

  @Override
  public Integer call() {
    if (producers < 1 || batches < 1 || rows < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--producers, --batches and --rows must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    long start = System.nanoTime();
    DemoReport report = new DemoReport(out, 10);
    try (Floe floe = catalog.open()) {
      new DemoRun(floe, report, producers, batches, rows).run();
    }
    out.println();
    if (report.failures().isEmpty()) {
      out.printf("Demo OK: %d checks passed in %s%n", report.checks(), Format.since(start));
      return 0;
    }
    out.printf("Demo FAILED: %d of %d checks failed%n", report.failures().size(), report.checks());
    report.failures().forEach(f -> out.println("  - " + f));
    return 1;
  }
}
