package dev.floe.bench;

import dev.floe.catalog.Floe;
import dev.floe.ingest.AppendResult;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;

/**
 * Batches committed per second and the commit latency a producer sees, with 1, 4 and 16 producer
 * threads sharing one {@link TableWriter}: group commit against one snapshot per batch, on the same
 * small batches, each case for a fixed time. One writer serialises its commits, so they never
 * conflict; the contended case gives each of 16 producers a writer and table handle of its own, as
 * 16 processes would have, so commits conflict and go through the writers' retry.
 */
final class CommitBenchmark extends NamedBenchmark {
  private static final int BATCH_ROWS = 100;
  private static final int[] PRODUCERS = {1, 4, 16};

  CommitBenchmark() {
    super(
        "commit",
        "commits/s and p50/p99 commit latency, 1/4/16 producers, group commit vs snapshot per"
            + " batch");
  }

  @Override
  public BenchReport run(BenchOptions options) {
    double seconds = options.quick() ? 3 : 15;
    List<List<Record>> batches = new ArrayList<>();
    for (int p = 0; p < 16; p++) {
      batches.add(EventData.generate((long) p * BATCH_ROWS, BATCH_ROWS, 10, 0, 7));
    }
    List<BenchCase> cases = new ArrayList<>();
    Map<String, String> result = new LinkedHashMap<>();
    Trials.inWarehouse(
        options, "commit", floe -> measure(floe, seconds, batches, options, cases, result));
    String notes =
        String.format(
            Locale.ROOT,
            "%d-row event batches, unpartitioned Parquet, %.0f s per case; producers are threads"
                + " sharing one writer; a commit is one batch made durable; latency is what"
                + " append() takes; in the contended case each producer has a writer and table"
                + " handle of its own.",
            BATCH_ROWS,
            seconds);
    return report(options, cases, result, notes);
  }

  /** Runs every case into {@code cases} and its figures into {@code result}. */
  private static void measure(
      Floe floe,
      double seconds,
      List<List<Record>> batches,
      BenchOptions options,
      List<BenchCase> cases,
      Map<String, String> result) {
    // JIT, catalog, Parquet classes
    run(floe, "warmup", 4, true, false, Math.min(2, seconds), batches);
    for (int producers : PRODUCERS) {
      Run perBatch = run(floe, "single_" + producers, producers, false, false, seconds, batches);
      Run group = run(floe, "group_" + producers, producers, true, false, seconds, batches);
      for (Run r : List.of(perBatch, group)) {
        cases.add(r.asCase(producers));
        options.progress().printf(Locale.ROOT, "%d producers, %s%n", producers, r);
      }
      String n = Integer.toString(producers);
      result.put("group_commits_per_s_" + n, Trials.tenths(group.batchesPerSecond()));
      result.put("single_commits_per_s_" + n, Trials.tenths(perBatch.batchesPerSecond()));
      result.put(
          "speedup_" + n,
          Trials.hundredths(group.batchesPerSecond() / perBatch.batchesPerSecond()));
      if (producers == 16) {
        result.put("group_p50_ms_16", ms(group.p50));
        result.put("group_p99_ms_16", ms(group.p99));
        result.put("single_p50_ms_16", ms(perBatch.p50));
        result.put("single_p99_ms_16", ms(perBatch.p99));
      }
    }
    Run contended = run(floe, "contended_16", 16, false, true, seconds, batches);
    cases.add(contended.asCase(16));
    options.progress().printf(Locale.ROOT, "16 producers, %s%n", contended);
    result.put("contended_commits_per_s_16", Trials.tenths(contended.batchesPerSecond()));
    result.put("contended_p50_ms_16", ms(contended.p50));
    result.put("contended_p99_ms_16", ms(contended.p99));
    result.put("contended_retries_16", Long.toString(contended.retries));
    result.put("contended_gave_up_16", Long.toString(contended.gaveUp));
  }

  private static Run run(
      Floe floe,
      String name,
      int producers,
      boolean group,
      boolean ownHandles,
      double seconds,
      List<List<Record>> batches) {
    String id = "bench.commit_" + name;
    Table table = floe.tables().createIfAbsent(id, EventData.SCHEMA, PartitionSpec.unpartitioned());
    TableWriter.Builder builder = TableWriter.forTable(table).producerId("bench");
    if (group) {
      builder.groupCommit(Duration.ofMillis(20), 64L * 1024 * 1024);
    }
    List<TableWriter> writers = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(producers);
    AtomicLong bytes = new AtomicLong();
    AtomicLong gaveUp = new AtomicLong();
    List<Future<List<Long>>> futures = new ArrayList<>();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    try (TableWriter shared = builder.build()) {
      for (int p = 0; p < producers; p++) {
        TableWriter writer = shared;
        if (ownHandles) {
          writer = TableWriter.forTable(floe.tables().load(id)).producerId("bench").build();
          writers.add(writer);
        }
        TableWriter producerWriter = writer;
        String producer = "producer-" + p;
        List<Record> rows = batches.get(p % batches.size());
        futures.add(
            pool.submit(
                () -> {
                  List<Long> latencies = new ArrayList<>();
                  for (long seq = 0; System.nanoTime() < deadline; seq++) {
                    long t0 = System.nanoTime();
                    try {
                      AppendResult r =
                          producerWriter.append(
                              Batch.of(seq, EventData.SCHEMA, rows).forProducer(producer));
                      latencies.add(System.nanoTime() - t0);
                      bytes.addAndGet(r.bytes());
                    } catch (CommitFailedException e) {
                      gaveUp.incrementAndGet(); // conflicted on every attempt: counted, not fatal
                    }
                  }
                  return latencies;
                }));
      }
      List<Long> latencies = new ArrayList<>();
      for (Future<List<Long>> future : futures) {
        latencies.addAll(future.get());
      }
      double elapsed = Trials.secondsSince(start);
      table.refresh();
      int snapshots = 0;
      for (var ignored : table.snapshots()) {
        snapshots++;
      }
      long retries = shared.metrics().retries();
      for (TableWriter writer : writers) {
        retries += writer.metrics().retries();
      }
      latencies.sort(null);
      return new Run(
          group
              ? "group commit"
              : ownHandles ? "snapshot per batch, a writer each" : "snapshot per batch",
          latencies.size(),
          snapshots,
          bytes.get(),
          elapsed,
          percentile(latencies, 0.50),
          percentile(latencies, 0.99),
          retries,
          gaveUp.get());
    } catch (Exception e) {
      throw new IllegalStateException("Commit benchmark case " + name + " failed: " + e, e);
    } finally {
      pool.shutdownNow();
      writers.forEach(TableWriter::close);
    }
  }

  private record Run(
      String subject,
      long batches,
      int snapshots,
      long bytes,
      double seconds,
      long p50,
      long p99,
      long retries,
      long gaveUp) {
    double batchesPerSecond() {
      return batches / seconds;
    }

    BenchCase asCase(int producers) {
      return new BenchCase(
          subject,
          producers + " producers, " + BATCH_ROWS + "-row batches",
          batches * BATCH_ROWS,
          bytes,
          seconds);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s: %,d batches in %d snapshots, %.1f commits/s, p50 %s ms, p99 %s ms, %d retries,"
              + " %d gave up",
          subject,
          batches,
          snapshots,
          batchesPerSecond(),
          ms(p50),
          ms(p99),
          retries,
          gaveUp);
    }
  }

  private static long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static String ms(long nanos) {
    return Trials.tenths(nanos / 1e6);
  }
}
