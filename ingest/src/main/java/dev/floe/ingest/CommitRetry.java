package dev.floe.ingest;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.iceberg.util.Tasks;

/**
 * The one retry of every commit loop of a {@link TableWriter} (a batch alone, a group, a batch that
 * changes the schema): Iceberg's {@link Tasks}, configured as {@code SnapshotProducer} configures
 * it for its own commits. Only {@link CommitFailedException} ("nothing landed, try again") is
 * retried, up to {@link IngestProperties#COMMIT_ATTEMPTS} attempts, waiting {@link
 * IngestProperties#COMMIT_BACKOFF_MIN_MS} doubled per retry up to {@link
 * IngestProperties#COMMIT_BACKOFF_MAX_MS} (plus Tasks' 0-10% jitter). Anything else, above all
 * {@link org.apache.iceberg.exceptions.CommitStateUnknownException}, goes straight to the caller: a
 * commit that may have landed is looked up in the ledger by the appender, never tried again
 * blindly.
 *
 * <p>Tasks logs each retry at WARN with the stack trace of the conflict, as it does for Iceberg's
 * own commit retries; the CLI turns {@code org.apache.iceberg.util.Tasks} down to ERROR, and the
 * writer counts retries in {@link WriterMetrics#retries()}. Thread-safe.
 */
final class CommitRetry {
  private final int attempts;
  private final long backoffMinMs;
  private final long backoffMaxMs;
  private final Runnable onRetry;

  /** {@code onRetry} runs before each retry (not before the first attempt). */
  CommitRetry(int attempts, long backoffMinMs, long backoffMaxMs, Runnable onRetry) {
    this.attempts = Math.max(1, attempts);
    this.backoffMinMs = Math.max(1, backoffMinMs);
    this.backoffMaxMs = Math.max(this.backoffMinMs, backoffMaxMs);
    this.onRetry = onRetry;
  }

  /** The retry {@link IngestProperties} of a table's {@code properties} set; defaults otherwise. */
  static CommitRetry of(Map<String, String> properties, Runnable onRetry) {
    return new CommitRetry(
        PropertyUtil.propertyAsInt(
            properties, IngestProperties.COMMIT_ATTEMPTS, IngestProperties.COMMIT_ATTEMPTS_DEFAULT),
        PropertyUtil.propertyAsLong(
            properties,
            IngestProperties.COMMIT_BACKOFF_MIN_MS,
            IngestProperties.COMMIT_BACKOFF_MIN_MS_DEFAULT),
        PropertyUtil.propertyAsLong(
            properties,
            IngestProperties.COMMIT_BACKOFF_MAX_MS,
            IngestProperties.COMMIT_BACKOFF_MAX_MS_DEFAULT),
        onRetry);
  }

  /**
   * Runs {@code commit} until it does not throw {@link CommitFailedException} or the attempts are
   * spent; then throws one naming {@code what} and the attempts made.
   */
  <T> T run(String what, Supplier<T> commit) {
    AtomicInteger tries = new AtomicInteger();
    AtomicReference<T> result = new AtomicReference<>();
    try {
      Tasks.foreach(what)
          .retry(attempts - 1)
          // No total timeout: the attempts bound the wait (about 5 s at the defaults).
          .exponentialBackoff(backoffMinMs, backoffMaxMs, Long.MAX_VALUE, 2.0)
          .onlyRetryOn(CommitFailedException.class)
          .throwFailureWhenFinished()
          .run(
              ignored -> {
                if (tries.incrementAndGet() > 1) {
                  onRetry.run();
                }
                result.set(commit.get());
              });
    } catch (CommitFailedException e) {
      throw new CommitFailedException(
          e, "Cannot commit %s after %s attempts: %s", what, tries.get(), e.getMessage());
    }
    return result.get();
  }
}
