package dev.floe.bench;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/** TEMPORARY: Floe's full-jitter retry vs Iceberg Tasks, 16 producers, snapshot per batch. */
public final class RetryDuel {
  public static void main(String[] args) throws Exception {
    double seconds = Double.parseDouble(args[0]);
    int rounds = Integer.parseInt(args[1]);
    boolean contended = args.length < 3 || args[2].equals("contended");
    int producers = 16;
    List<List<Record>> batches = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      batches.add(EventData.generate((long) p * 100, 100, 10, 0, 7));
    }
    Path warehouse = Files.createTempDirectory("retry-duel");
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      once(floe, "warmup", false, contended, 3, producers, batches);
      for (int r = 0; r < rounds; r++) {
        for (boolean tasks : r % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
          once(floe, "r" + r + (tasks ? "t" : "f"), tasks, contended, seconds, producers, batches);
        }
      }
    } finally {
      Scratch.delete(warehouse);
    }
  }

  private static void once(
      Floe floe,
      String name,
      boolean tasks,
      boolean contended,
      double seconds,
      int producers,
      List<List<Record>> batches)
      throws Exception {
    System.setProperty("floe.retry.tasks", Boolean.toString(tasks));
    String id = "bench.duel_" + name;
    Table created = floe.tables().createIfAbsent(id, EventData.SCHEMA, PartitionSpec.unpartitioned());
    List<TableWriter> writers = new ArrayList<>();
    TableWriter shared = TableWriter.forTable(created).producerId("bench").build();
    for (int p = 0; p < producers; p++) {
      writers.add(
          contended
              ? TableWriter.forTable(floe.tables().load(id)).producerId("p" + p).build()
              : shared);
    }
    ExecutorService pool = Executors.newFixedThreadPool(producers);
    List<Future<List<Long>>> futures = new ArrayList<>();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    int[] failures = new int[1];
    for (int p = 0; p < producers; p++) {
      String producer = "producer-" + p;
      TableWriter writer = writers.get(p);
      List<Record> rows = batches.get(p);
      futures.add(
          pool.submit(
              () -> {
                List<Long> latencies = new ArrayList<>();
                for (long seq = 0; System.nanoTime() < deadline; seq++) {
                  long t0 = System.nanoTime();
                  try {
                    writer.append(Batch.of(producer, seq, EventData.SCHEMA, rows));
                    latencies.add(System.nanoTime() - t0);
                  } catch (RuntimeException e) {
                    synchronized (failures) {
                      failures[0]++;
                    }
                  }
                }
                return latencies;
              }));
    }
    List<Long> latencies = new ArrayList<>();
    for (Future<List<Long>> f : futures) {
      latencies.addAll(f.get());
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    long retries = 0;
    for (TableWriter w : contended ? writers : List.of(shared)) {
      retries += w.metrics().retries();
      w.close();
    }
    if (contended) {
      shared.close();
    }
    latencies.sort(null);
    System.out.printf(
        Locale.ROOT,
        "DUEL %s %s %s commits/s=%.1f p50=%.1f p99=%.1f batches=%d retries=%d failed=%d%n",
        name,
        contended ? "contended" : "shared",
        tasks ? "tasks" : "floe",
        latencies.size() / elapsed,
        pct(latencies, 0.5) / 1e6,
        pct(latencies, 0.99) / 1e6,
        latencies.size(),
        retries,
        failures[0]);
  }

  private static long pct(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)));
  }
}
