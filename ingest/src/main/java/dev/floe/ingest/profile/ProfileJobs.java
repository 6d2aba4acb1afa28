package dev.floe.ingest.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;

/**
 * Profiles batches of Arrow vectors in the background, one job per batch and column, while the
 * caller does other work (the writer encodes the same vectors into data files): {@link #start}
 * hands the jobs to an executor's threads, {@link #join} returns the profiles. Each column of a
 * batch is profiled by one thread in one pass, exactly as {@link Profile#of(Schema,
 * VectorSchemaRoot)} does, so the sketches do not depend on how the jobs were split.
 *
 * <p>Whoever calls {@link #join} or {@link #close} runs the jobs no thread has taken yet, so a busy
 * or small executor delays nothing and no job waits in a queue behind other work. The vectors are
 * read until {@link #join} or {@link #close} returns, never after: close this before releasing them
 * (it waits for jobs already running and skips the rest). Not for use by several callers.
 */
public final class ProfileJobs implements AutoCloseable {
  private final List<VectorProfiler.Plan> plans = new ArrayList<>();
  private final int[] batchOf;
  private final int[] columnOf;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicReferenceArray<ColumnProfile> results;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final CountDownLatch done;
  private final AtomicInteger remaining;
  private final CompletableFuture<List<Profile>> profiles = new CompletableFuture<>();
  private volatile boolean cancelled;

  private ProfileJobs(List<Schema> schemas, List<VectorSchemaRoot> roots) {
    int jobs = 0;
    for (int b = 0; b < roots.size(); b++) {
      VectorProfiler.Plan plan = VectorProfiler.plan(schemas.get(b), roots.get(b));
      plans.add(plan);
      jobs += plan.columns();
    }
    this.batchOf = new int[jobs];
    this.columnOf = new int[jobs];
    int job = 0;
    for (int b = 0; b < plans.size(); b++) {
      for (int c = 0; c < plans.get(b).columns(); c++, job++) {
        batchOf[job] = b;
        columnOf[job] = c;
      }
    }
    this.results = new AtomicReferenceArray<>(jobs);
    this.done = new CountDownLatch(jobs);
    this.remaining = new AtomicInteger(jobs);
    if (jobs == 0) {
      profiles.complete(assemble());
    }
  }

  /**
   * Starts profiling {@code roots} (each laid out as {@code dev.floe.columnar.ArrowLayout.of} the
   * schema at the same index) on up to {@code threads} threads of {@code executor}; checks every
   * root against its schema first and throws, starting nothing, when one does not match.
   */
  public static ProfileJobs start(
      List<Schema> schemas, List<VectorSchemaRoot> roots, Executor executor, int threads) {
    Objects.requireNonNull(executor, "executor");
    if (schemas.size() != roots.size()) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot profile batches: %s schemas for %s batches", schemas.size(), roots.size()));
    }
    ProfileJobs jobs = new ProfileJobs(schemas, roots);
    int helpers = Math.min(threads, jobs.batchOf.length);
    for (int t = 0; t < helpers; t++) {
      try {
        executor.execute(jobs::work);
      } catch (RejectedExecutionException e) {
        break; // the caller runs what no thread took
      }
    }
    return jobs;
  }

  /**
   * The profile of every batch, in the order given; runs the jobs not taken yet on the calling
   * thread and waits for the others. Throws the first job's failure.
   */
  public List<Profile> join() {
    work();
    await();
    if (failure.get() != null) {
      throw failure.get();
    }
    return profiles.join();
  }

  /**
   * Completes with what {@link #join} returns as soon as the last job ends, on the thread that ran
   * it (so a dependent stage that is not async runs there, while the caller still encodes);
   * exceptionally on a failed job or {@link #close} before the end.
   */
  public CompletableFuture<List<Profile>> profiles() {
    return profiles;
  }

  private List<Profile> assemble() {
    List<Profile> profiles = new ArrayList<>(plans.size());
    int job = 0;
    for (VectorProfiler.Plan plan : plans) {
      List<ColumnProfile> columns = new ArrayList<>(plan.columns());
      for (int c = 0; c < plan.columns(); c++, job++) {
        columns.add(results.get(job));
      }
      profiles.add(plan.assemble(columns));
    }
    return profiles;
  }

  /** Skips the jobs not started and waits for the running ones: the vectors are free after. */
  @Override
  public void close() {
    cancelled = true;
    work();
    await();
  }

  private void work() {
    for (int job = next.getAndIncrement(); job < batchOf.length; job = next.getAndIncrement()) {
      try {
        if (!cancelled && failure.get() == null) {
          results.set(job, plans.get(batchOf[job]).column(columnOf[job]));
        }
      } catch (RuntimeException | Error e) {
        failure.compareAndSet(
            null, e instanceof RuntimeException r ? r : new IllegalStateException(e));
      } finally {
        if (remaining.decrementAndGet() == 0) {
          finish();
        }
        done.countDown();
      }
    }
  }

  // Called once, by the thread that ended the last job, before the waiters are let go.
  private void finish() {
    if (failure.get() != null) {
      profiles.completeExceptionally(failure.get());
    } else if (cancelled) {
      profiles.completeExceptionally(new CancellationException("Profiling was cancelled"));
    } else {
      profiles.complete(assemble());
    }
  }

  private void await() {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the vectors must not be freed under a running job: wait on
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
