package dev.floe.ingest.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import org.apache.iceberg.util.ThreadPools;

/**
 * Runs one task per column, on the calling thread and on idle threads of Iceberg's worker pool (the
 * pool the writer encodes partitions on). Every thread takes the next column not yet started, so
 * the caller never waits behind queued work: when the pool is busy encoding, the caller profiles
 * every column itself, as it would alone, and cancels the helpers that never started; it waits only
 * for columns a helper is working on. Each column's sketches are built by one thread, so the
 * results do not depend on the split.
 */
final class ColumnTasks {
  // Below this many values a batch is profiled on the caller alone: handing over costs more.
  static final long MIN_PARALLEL_VALUES = 50_000;

  private ColumnTasks() {}

  static <T> List<T> run(int count, long values, IntFunction<T> task) {
    AtomicReferenceArray<T> results = new AtomicReferenceArray<>(count);
    AtomicInteger next = new AtomicInteger();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(count);
    Runnable worker =
        () -> {
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            try {
              results.set(i, task.apply(i));
            } catch (RuntimeException | Error e) {
              failure.compareAndSet(
                  null, e instanceof RuntimeException r ? r : new IllegalStateException(e));
            } finally {
              done.countDown();
            }
          }
        };
    List<Future<?>> helpers = new ArrayList<>();
    if (count > 1 && values >= MIN_PARALLEL_VALUES) {
      ExecutorService pool = ThreadPools.getWorkerPool();
      int threads = Math.min(count - 1, Runtime.getRuntime().availableProcessors() - 1);
      for (int t = 0; t < threads; t++) {
        helpers.add(pool.submit(worker));
      }
    }
    worker.run();
    helpers.forEach(h -> h.cancel(false)); // the ones still queued: nothing is left for them
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while profiling columns", e);
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    List<T> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(results.get(i));
    }
    return list;
  }
}
