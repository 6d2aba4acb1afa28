package dev.floe.ingest;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.util.Tasks;

/**
 * The one retry of every commit loop of a {@link TableWriter}: only {@link CommitFailedException}
 * ("nothing landed, try again") is retried, up to {@link IngestProperties#COMMIT_ATTEMPTS} attempts
 * with exponential backoff. Anything else, and above all {@link
 * org.apache.iceberg.exceptions.CommitStateUnknownException}, goes straight to the caller: a commit
 * that may have landed is looked for in the ledger, never tried again blindly. Thread-safe.
 */
final class CommitRetry {
  private final int attempts;
  private final long backoffMinMs;
  private final long backoffMaxMs;
  private final Runnable onRetry;

  CommitRetry(int attempts, long backoffMinMs, long backoffMaxMs, Runnable onRetry) {
    this.attempts = Math.max(1, attempts);
    this.backoffMinMs = Math.max(1, backoffMinMs);
    this.backoffMaxMs = Math.max(this.backoffMinMs, backoffMaxMs);
    this.onRetry = onRetry;
  }

  int attempts() {
    return attempts;
  }

  /**
   * Runs {@code commit} until it does not throw {@link CommitFailedException} or the attempts are
   * spent; then throws one naming {@code what} and the attempts made.
   */
  <T> T run(String what, Supplier<T> commit) {
    return Boolean.getBoolean("floe.retry.tasks") ? runTasks(what, commit) : runOwn(what, commit);
  }

  private <T> T runOwn(String what, Supplier<T> commit) {
    for (int attempt = 1; ; attempt++) {
      try {
        return commit.get();
      } catch (CommitFailedException e) {
        if (attempt >= attempts) {
          throw spent(what, attempt, e);
        }
        onRetry.run();
        sleep(attempt);
      }
    }
  }

  private <T> T runTasks(String what, Supplier<T> commit) {
    AtomicInteger tries = new AtomicInteger();
    AtomicReference<T> result = new AtomicReference<>();
    try {
      Tasks.foreach(what)
          .retry(attempts - 1)
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
      throw spent(what, tries.get(), e);
    }
    return result.get();
  }

  private static CommitFailedException spent(String what, int attempt, CommitFailedException e) {
    return new CommitFailedException(
        e, "Cannot commit %s after %s attempts: %s", what, attempt, e.getMessage());
  }

  /** Sleeps before retry number {@code attempt}: exponential, with full jitter. */
  private void sleep(int attempt) {
    long ceiling = backoffMinMs;
    for (int i = 1; i < attempt && ceiling < backoffMaxMs; i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, backoffMaxMs);
    // Full jitter: writers that collided once should not collide again in lockstep.
    long sleep = ThreadLocalRandom.current().nextLong(ceiling + 1);
    try {
      Thread.sleep(sleep);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommitFailedException(e, "Interrupted while waiting to retry a commit");
    }
  }
}
