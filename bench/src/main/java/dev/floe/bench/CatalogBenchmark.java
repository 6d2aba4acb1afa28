package dev.floe.bench;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.exceptions.NessieUnavailableException;
import dev.floe.catalog.localnessie.LocalNessie;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/**
 * Two catalog-side costs. Experiment cycles per second in nessie mode: create a catalog-wide
 * branch, append one batch to one table on it, merge it into main, drop it, against a local Nessie
 * server (official runner, RocksDB, Java 21+) in a scratch warehouse. And ingest throughput to an
 * S3 warehouse vs a local one ({@link S3VsLocalIngest}), which needs no Nessie and still runs when
 * Nessie cannot start.
 */
final class CatalogBenchmark extends NamedBenchmark {
  private static final int BATCH_ROWS = 1_000;

  private final int nessiePort;
  private final S3VsLocalIngest.Sizes ingestSizes;

  CatalogBenchmark() {
    this(0, null);
  }

  /**
   * @param nessiePort port for the Nessie server, 0 for any free one
   * @param ingestSizes S3 vs local workload; null sizes it by {@link BenchOptions#quick()}
   */
  CatalogBenchmark(int nessiePort, S3VsLocalIngest.Sizes ingestSizes) {
    super(
        "catalog",
        "nessie experiment cycles/s (branch create + one-table append + merge + drop), and"
            + " ingest rows/s to an S3 warehouse vs a local one");
    this.nessiePort = nessiePort;
    this.ingestSizes = ingestSizes;
  }

  @Override
  public BenchReport run(BenchOptions options) {
    List<BenchCase> cases = new ArrayList<>();
    Map<String, String> result = new LinkedHashMap<>();
    String nessieNotes = nessie(options, cases, result);
    S3VsLocalIngest.Outcome ingest =
        S3VsLocalIngest.run(
            options, ingestSizes != null ? ingestSizes : S3VsLocalIngest.Sizes.of(options.quick()));
    cases.addAll(ingest.cases());
    result.putAll(ingest.result());
    return report(options, cases, result, nessieNotes + "\n\n" + ingest.notes());
  }

  /** Runs the nessie cycles into {@code cases} and {@code result}; returns their notes. */
  private String nessie(BenchOptions options, List<BenchCase> cases, Map<String, String> result) {
    double seconds = options.quick() ? 5 : 30;
    Path warehouse = Scratch.create(options.workDir(), "catalog");
    LocalNessie nessie = LocalNessie.in(warehouse);
    try {
      LocalNessie.Status server;
      try {
        server = nessie.start(nessiePort);
      } catch (NessieUnavailableException e) {
        // The S3 vs local part needs no Nessie: report this part as skipped, not the benchmark.
        result.put("skipped", "nessie_unavailable");
        options.progress().println("Skipping the nessie cycles: " + e.getMessage());
        return "Nessie cycles skipped: " + e.getMessage();
      }
      try (Floe floe = Floe.open(FloeConfig.nessie(server.uri(), warehouse.toString()))) {
        Table table =
            floe.tables().createIfAbsent("bench.events", EventData.SCHEMA, EventData.SPEC);
        List<Record> batch = EventData.generate(0, BATCH_ROWS, 1, 0, 7);
        GenericWriterBaseline.append(table, FileFormat.PARQUET, batch, 0);
        cycles(floe, batch, Math.min(2, seconds), "warmup"); // JIT, HTTP connections
        long start = System.nanoTime();
        int n = cycles(floe, batch, seconds, "run");
        double took = Trials.secondsSince(start);
        cases.add(new BenchCase("nessie", "branch_append_merge", (long) n * BATCH_ROWS, 0, took));
        result.put("nessie_cycles_per_s", Trials.hundredths(n / took));
        result.put("nessie_cycle_ms", Trials.tenths(took * 1000 / n));
        options.progress().printf(Locale.ROOT, "%d cycles in %.1f s%n", n, took);
      }
    } finally {
      nessie.stop();
      Scratch.delete(warehouse);
    }
    return String.format(
        Locale.ROOT,
        "Nessie 0.108.8 runner with RocksDB on 127.0.0.1; one cycle = create branch from"
            + " main, append %d rows (one Parquet file) to one table on the branch, merge"
            + " into main, drop the branch; %.0f s of cycles after a warmup.",
        BATCH_ROWS,
        seconds);
  }

  private static int cycles(Floe floe, List<Record> batch, double seconds, String prefix) {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    int n = 0;
    while (System.nanoTime() < deadline) {
      String branch = prefix + "-" + n;
      floe.experiments().create(branch).purpose("bench").commit();
      ResolvedTable onBranch = floe.tables().resolve("bench.events@" + branch);
      GenericWriterBaseline.append(onBranch.table(), FileFormat.PARQUET, batch, n + 1);
      floe.experiments().merge(branch);
      floe.experiments().drop(branch);
      n++;
    }
    return n;
  }
}
