package dev.floe.ingest;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/** The running totals behind {@link WriterMetrics}. Thread-safe. */
final class WriterCounters {
  // Latency percentiles over the most recent batches: enough for p99, bounded memory.
  private static final int LATENCY_WINDOW = 4096;

  // Running totals; TableWriterMetrics reads them without sorting the latency window, as meters
  // are polled often.
  final LongAdder rows = new LongAdder();
  final LongAdder bytes = new LongAdder();
  final LongAdder files = new LongAdder();
  final LongAdder commits = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder duplicates = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  private final long[] latencies = new long[LATENCY_WINDOW];
  private long latencyCount;
  // Told every batch's latency, e.g. a Micrometer timer (TableWriterMetrics); usually none.
  private final List<LongConsumer> latencyListeners = new CopyOnWriteArrayList<>();

  /** Counts one batch's result; {@code snapshot} says whether it made a snapshot of its own. */
  void batch(AppendResult result, boolean snapshot) {
    batch(result, snapshot, true);
  }

  /** As above; files shared by a group are counted once, by {@link #commit(int)}. */
  void batch(AppendResult result, boolean snapshot, boolean countFiles) {
    deadLettered.add(result.deadLettered());
    if (result.duplicate()) {
      duplicates.increment();
    } else {
      rows.add(result.rows());
      bytes.add(result.bytes());
      if (countFiles) {
        files.add(result.files());
      }
      if (snapshot) {
        commits.increment();
      }
    }
    long nanos = result.elapsed().toNanos();
    synchronized (latencies) {
      latencies[(int) (latencyCount++ % LATENCY_WINDOW)] = nanos;
    }
    for (LongConsumer listener : latencyListeners) {
      listener.accept(nanos);
    }
  }

  /** Calls {@code listener} with the latency in nanoseconds of every batch counted from now on. */
  void onLatency(LongConsumer listener) {
    latencyListeners.add(listener);
  }

  /** A group commit: one snapshot adding {@code dataFiles} files. */
  void commit(int dataFiles) {
    commits.increment();
    files.add(dataFiles);
  }

  void retry() {
    retries.increment();
  }

  WriterMetrics metrics() {
    long[] sorted;
    synchronized (latencies) {
      sorted = Arrays.copyOf(latencies, (int) Math.min(latencyCount, LATENCY_WINDOW));
    }
    Arrays.sort(sorted);
    return new WriterMetrics(
        rows.sum(),
        bytes.sum(),
        files.sum(),
        commits.sum(),
        retries.sum(),
        duplicates.sum(),
        deadLettered.sum(),
        percentile(sorted, 0.50),
        percentile(sorted, 0.99));
  }

  private static Duration percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Duration.ZERO;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return Duration.ofNanos(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
  }
}
