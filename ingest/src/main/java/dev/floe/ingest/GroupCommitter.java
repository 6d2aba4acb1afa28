package dev.floe.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.exceptions.CommitStateUnknownException;

/**
 * Coalesces the batches that threads of one writer queue into one snapshot per commit, on a thread
 * of its own. A group closes when no append is still writing its files and it is as large as the
 * recent groups (whose callers tend to come back with their next batch), when it holds {@code
 * maxBytes} of files, or after lingering {@code maxLatency} for more batches, whichever comes
 * first: a lone producer is not slowed down, many share a commit.
 */
final class GroupCommitter implements AutoCloseable {
  private final BatchAppender appender;
  private final WriterCounters counters;
  private final long maxLatencyNanos;
  private final long maxBytes;
  private final CommitRetry retry;
  private final boolean fill;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<PendingBatch> queue = new ArrayDeque<>();
  private final Thread thread;
  private long queuedBytes;
  private int writing;
  private int expected = 1;
  private boolean closed;

  GroupCommitter(
      BatchAppender appender,
      WriterCounters counters,
      long maxLatencyNanos,
      long maxBytes,
      CommitRetry retry,
      boolean fill) {
    this.appender = appender;
    this.counters = counters;
    this.maxLatencyNanos = maxLatencyNanos;
    this.maxBytes = maxBytes;
    this.retry = retry;
    this.fill = fill;
    this.thread = new Thread(this::run, "floe-group-commit-" + appender.tableName());
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Announces a batch whose files are being written: a group waits for it (up to the latency).
   * Blocks while twice {@code maxBytes} of batches wait for their commit: a producer faster than
   * the commits is slowed down instead of filling the heap.
   */
  void writing() {
    lock.lock();
    try {
      while (queuedBytes >= 2 * maxBytes && !closed) {
        try {
          changed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break; // the caller's thread is being stopped: let its batch through
        }
      }
      writing++;
    } finally {
      lock.unlock();
    }
  }

  /** Ends {@link #writing()}, queueing {@code pending} unless it is null (done or failed). */
  void written(PendingBatch pending) {
    lock.lock();
    try {
      writing--;
      if (pending != null) {
        pending.queued();
        queue.addLast(pending);
        queuedBytes += pending.estimatedBytes();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Commits what is queued and what is being written, then stops the commit thread. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (true) {
      List<PendingBatch> group;
      try {
        group = nextGroup();
      } catch (InterruptedException e) {
        return;
      }
      if (group.isEmpty()) {
        return;
      }
      commit(group);
    }
  }

  private List<PendingBatch> nextGroup() throws InterruptedException {
    lock.lock();
    try {
      while (queue.isEmpty()) {
        if (closed && writing == 0) {
          return List.of();
        }
        changed.await();
      }
      // Linger at most maxLatency once free to commit: batches queued during the previous commit
      // have waited already, but the callers of that commit are about to come back.
      long deadline = System.nanoTime() + maxLatencyNanos;
      // The callers of the last group tend to come back with their next batch: wait for as many.
      // Filling (bulk loads): a lone producer's batches share a group too, until size or time.
      while ((fill || writing > 0 || queue.size() < expected)
          && queuedBytes < maxBytes
          && !closed) {
        long wait = deadline - System.nanoTime();
        if (wait <= 0) {
          break;
        }
        changed.awaitNanos(wait);
      }
      List<PendingBatch> group = new ArrayList<>();
      // A batch sent twice at once waits for the next group, where it is found committed.
      Set<String> keys = new HashSet<>();
      long bytes = 0;
      for (Iterator<PendingBatch> it = queue.iterator(); it.hasNext(); ) {
        PendingBatch pending = it.next();
        if (!group.isEmpty() && bytes + pending.estimatedBytes() > maxBytes) {
          break;
        }
        if (keys.add(pending.key())) {
          it.remove();
          group.add(pending);
          bytes += pending.estimatedBytes();
        }
      }
      queuedBytes -= bytes;
      changed.signalAll(); // producers held back by the queue bound
      // Grow at once, shrink slowly: a producer that left costs at most one latency per step.
      expected = Math.max(group.size(), expected - 1);
      return group;
    } finally {
      lock.unlock();
    }
  }

  private void commit(List<PendingBatch> group) {
    GroupOutcome outcome;
    try {
      String what = "a group of " + group.size() + " batches";
      outcome = retry.run(what, () -> appender.commitGroup(group));
    } catch (RuntimeException | Error e) {
      fail(group, e);
      return;
    }
    complete(outcome);
  }

  private void complete(GroupOutcome outcome) {
    if (!outcome.committed().isEmpty()) {
      counters.commit(outcome.files());
    }
    for (PendingBatch pending : outcome.committed()) {
      AppendResult result = pending.committed(outcome.snapshot(), false);
      counters.batch(result, false, false);
      pending.complete(result);
    }
    for (Map.Entry<PendingBatch, Snapshot> duplicate : outcome.duplicates().entrySet()) {
      AppendResult result = duplicate.getKey().duplicate(duplicate.getValue());
      counters.batch(result, false, false);
      duplicate.getKey().complete(result);
    }
    for (PendingBatch pending : outcome.unknown()) {
      pending.fail(
          new CommitStateUnknownException(
              String.format(
                  "Cannot tell whether %s was committed: it is not in the branch history yet."
                      + " Appending the same batch again is safe: a committed copy is found"
                      + " and not appended twice",
                  pending.describe()),
              outcome.cause()));
    }
  }

  private void fail(List<PendingBatch> group, Throwable error) {
    for (PendingBatch pending : group) {
      BatchFiles.delete(appender.io(), pending.files());
      pending.fail(error);
    }
  }
}
