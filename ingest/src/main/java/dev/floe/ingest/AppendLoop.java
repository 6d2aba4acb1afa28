package dev.floe.ingest;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.Table;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * How a {@link TableWriter} gets a batch committed: takes it in ({@link RowIntake}), then commits
 * it alone, retrying conflicts through {@link CommitRetry}, or hands it to the {@link
 * GroupCommitter}. Thread-safe.
 */
final class AppendLoop implements AutoCloseable {
  private final BatchAppender appender;
  private final RowIntake intake;
  private final WriterCounters counters;
  private final GroupCommitter group; // null without group commit
  private final CommitRetry retry;
  private final String producerId;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Wires a writer's parts: {@code groupLatencyNanos} null without group commit. */
  static AppendLoop of(
      BatchAppender appender,
      Table table,
      WriterCounters counters,
      String producerId,
      List<RowRule> rules,
      DeadLetterWriter deadLetters,
      Long groupLatencyNanos,
      long groupBytes,
      boolean fillGroups) {
    CommitRetry retry = CommitRetry.of(table.properties(), counters::retry);
    RowIntake intake = new RowIntake(appender, table, rules, deadLetters);
    GroupCommitter group =
        groupLatencyNanos == null
            ? null
            : new GroupCommitter(
                appender, counters, groupLatencyNanos, groupBytes, retry, fillGroups);
    return new AppendLoop(appender, intake, counters, group, retry, producerId);
  }

  AppendLoop(
      BatchAppender appender,
      RowIntake intake,
      WriterCounters counters,
      GroupCommitter group,
      CommitRetry retry,
      String producerId) {
    this.appender = appender;
    this.intake = intake;
    this.counters = counters;
    this.group = group;
    this.retry = retry;
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
      // Only a batch that changes the schema commits here, and may need another try.
      AppendResult done = retry.run(pending.describe(), () -> appender.prepare(pending));
      if (done != null) {
        counters.batch(done, !done.duplicate());
        return CompletableFuture.completedFuture(done);
      }
      queued = pending;
      return pending.future();
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
    try {
      if (group != null) {
        group.close();
      }
      intake.close();
    } finally {
      appender.close(); // after the queue: frees the writer's allocator, which must be empty
    }
  }

  private AppendResult appendAlone(Batch batch) {
    PendingBatch pending = pending(batch);
    AppendResult result = retry.run(pending.describe(), () -> appender.attempt(pending));
    counters.batch(result, true);
    return result;
  }

  private PendingBatch pending(Batch batch) {
    Objects.requireNonNull(batch, "batch");
    String producer = batch.producerId() == null ? producerId : batch.producerId();
    Preconditions.checkState(
        !closed.get(),
        "Cannot append batch %s: writer of %s is closed",
        batch.sequence(),
        producer);
    return intake.pending(batch, producer);
  }
}
