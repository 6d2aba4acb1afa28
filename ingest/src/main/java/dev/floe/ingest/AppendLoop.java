package dev.floe.ingest;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.exceptions.CommitFailedException;

/**
 * How a {@link TableWriter} gets a batch committed: takes it in ({@link RowIntake}), then commits
 * it alone, retrying conflicts with backoff, or hands it to the {@link GroupCommitter}.
 * Thread-safe.
 */
final class AppendLoop implements AutoCloseable {
  private final BatchAppender appender;
  private final RowIntake intake;
  private final WriterCounters counters;
  private final GroupCommitter group; // null without group commit
  private final int commitAttempts;
  private final String producerId;
  private final AtomicBoolean closed = new AtomicBoolean();

  AppendLoop(
      BatchAppender appender,
      RowIntake intake,
      WriterCounters counters,
      GroupCommitter group,
      int commitAttempts,
      String producerId) {
    this.appender = appender;
    this.intake = intake;
    this.counters = counters;
    this.group = group;
    this.commitAttempts = commitAttempts;
    this.producerId = producerId;
  }

  AppendResult append(Batch batch) {
    if (group == null) {
      return appendAlone(batch);
    }
    try {
      return appendAsync(batch).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  CompletableFuture<AppendResult> appendAsync(Batch batch) {
    if (group == null) {
      try {
        return CompletableFuture.completedFuture(appendAlone(batch));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    PendingBatch pending = pending(batch);
    group.writing();
    PendingBatch queued = null;
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          AppendResult done = appender.prepare(pending);
          if (done != null) {
            counters.batch(done, !done.duplicate());
            return CompletableFuture.completedFuture(done);
          }
          queued = pending;
          return pending.future();
        } catch (CommitFailedException e) {
          retryOrThrow(pending, attempt, e); // only a batch that changes the schema commits here
        }
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    } finally {
      group.written(queued);
    }
  }

  /** Stops further appends; with group commit, commits what is queued first. */
  @Override
  public void close() {
    closed.set(true);
    if (group != null) {
      group.close();
    }
    intake.close();
  }

  private AppendResult appendAlone(Batch batch) {
    PendingBatch pending = pending(batch);
    for (int attempt = 1; ; attempt++) {
      try {
        AppendResult result = appender.attempt(pending);
        counters.batch(result, true);
        return result;
      } catch (CommitFailedException e) {
        retryOrThrow(pending, attempt, e);
      }
    }
  }

  private PendingBatch pending(Batch batch) {
    Objects.requireNonNull(batch, "batch");
    String producer = batch.producerId() == null ? producerId : batch.producerId();
    if (closed.get()) {
      throw new IllegalStateException(
          String.format(
              "Cannot append batch %s: writer of %s is closed", batch.sequence(), producer));
    }
    return intake.pending(batch, producer);
  }

  private void retryOrThrow(PendingBatch pending, int attempt, CommitFailedException e) {
    if (attempt >= commitAttempts) {
      throw new CommitFailedException(
          e, "Cannot commit %s after %s attempts: %s", pending.describe(), attempt, e.getMessage());
    }
    counters.retry();
    counters.backoff(attempt);
  }
}
