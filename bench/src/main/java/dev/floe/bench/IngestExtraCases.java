package dev.floe.bench;

import dev.floe.catalog.Floe;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/** The ingest benchmark's further cases: 256-dim embeddings, and two threads. Parquet. */
final class IngestExtraCases {
  private static final FileFormat FORMAT = FileFormat.PARQUET;

  private IngestExtraCases() {}

  /** Event rows with a list<float> of 256 per row: Floe and the baseline, one thread. */
  static List<BenchCase> run(Floe floe, PrintStream progress, int rows, int batchRows) {
    String workload = "events + embedding[256] 160 partitions parquet";
    List<List<Record>> batches = new ArrayList<>();
    for (int start = 0; start < rows; start += batchRows) {
      batches.add(EventData.generate(start, Math.min(batchRows, rows - start), 10, 256, 42));
    }
    Table baselineTable = IngestBenchmark.table(floe, "embedding_baseline", FORMAT);
    long start = System.nanoTime();
    long bytes = 0;
    for (int b = 0; b < batches.size(); b++) {
      bytes += GenericWriterBaseline.append(baselineTable, FORMAT, batches.get(b), b);
    }
    BenchCase baseline =
        new BenchCase("iceberg generic writer", workload, rows, bytes, Trials.secondsSince(start));
    Table floeTable = IngestBenchmark.table(floe, "embedding_floe", FORMAT);
    start = System.nanoTime();
    bytes = 0;
    try (TableWriter writer = TableWriter.forTable(floeTable).producerId("bench").build()) {
      for (int b = 0; b < batches.size(); b++) {
        bytes += writer.append(Batch.of(b, EventData.SCHEMA, batches.get(b))).bytes();
      }
    }
    BenchCase floeCase =
        new BenchCase("floe TableWriter", workload, rows, bytes, Trials.secondsSince(start));
    report(progress, baseline, floeCase);
    return List.of(baseline, floeCase);
  }

  /**
   * The event batches split between two threads: the baseline with a table handle per thread (its
   * commits race), Floe with one shared writer.
   */
  static List<BenchCase> twoThreads(Floe floe, PrintStream progress, List<List<Record>> batches) {
    String workload = "events 160 partitions parquet, 2 threads";
    long rows = batches.stream().mapToLong(List::size).sum();
    Table baselineTable = IngestBenchmark.table(floe, "two_threads_baseline", FORMAT);
    long start = System.nanoTime();
    long bytes =
        inTwoThreads(
            batches,
            (thread, b) -> {
              Table own = floe.tables().load("bench.two_threads_baseline");
              return GenericWriterBaseline.append(own, FORMAT, batches.get(b), b);
            });
    BenchCase baseline =
        new BenchCase("iceberg generic writer", workload, rows, bytes, Trials.secondsSince(start));
    Table floeTable = IngestBenchmark.table(floe, "two_threads_floe", FORMAT);
    start = System.nanoTime();
    try (TableWriter writer = TableWriter.forTable(floeTable).producerId("bench").build()) {
      bytes =
          inTwoThreads(
              batches,
              (thread, b) -> writer.append(Batch.of(b, EventData.SCHEMA, batches.get(b))).bytes());
    }
    BenchCase floeCase =
        new BenchCase("floe TableWriter", workload, rows, bytes, Trials.secondsSince(start));
    report(progress, baseline, floeCase);
    return List.of(baseline, floeCase);
  }

  private interface Append {
    long append(int thread, int batch) throws Exception;
  }

  private static long inTwoThreads(List<List<Record>> batches, Append append) {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  long bytes = 0;
                  for (int b = thread; b < batches.size(); b += 2) {
                    bytes += append.append(thread, b);
                  }
                  return bytes;
                }));
      }
      long bytes = 0;
      for (Future<Long> future : futures) {
        bytes += future.get();
      }
      return bytes;
    } catch (Exception e) {
      throw new IllegalStateException("Two-thread ingest case failed: " + e, e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void report(PrintStream progress, BenchCase baseline, BenchCase floe) {
    progress.printf(
        Locale.ROOT,
        "%s: baseline %,.0f rows/s, floe %,.0f rows/s (%.2fx)%n",
        floe.workload(),
        baseline.rowsPerSecond(),
        floe.rowsPerSecond(),
        floe.rowsPerSecond() / baseline.rowsPerSecond());
  }
}
