package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.Test;

class CommitRetryTest {
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();
  private final CommitRetry retry = new CommitRetry(3, 1, 2, retries::incrementAndGet);

  @Test
  void retriesCommitFailedUpToTheConfiguredAttempts() {
    assertThatThrownBy(
            () ->
                retry.run(
                    "batch 7 of producer p",
                    () -> {
                      calls.incrementAndGet();
                      throw new CommitFailedException("conflict %s", calls.get());
                    }))
        .isInstanceOf(CommitFailedException.class)
        .hasMessage("Cannot commit batch 7 of producer p after 3 attempts: conflict 3");
    assertThat(calls).hasValue(3);
    assertThat(retries).hasValue(2);
  }

  @Test
  void returnsTheResultOnceConflictsStop() {
    String result =
        retry.run(
            "batch 7 of producer p",
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw new CommitFailedException("conflict");
              }
              return "committed";
            });
    assertThat(result).isEqualTo("committed");
    assertThat(retries).hasValue(2);
  }

  @Test
  void neverRetriesAnUnknownCommitState() {
    CommitStateUnknownException unknown =
        new CommitStateUnknownException(new RuntimeException("connection lost"));
    assertThatThrownBy(
            () ->
                retry.run(
                    "batch 7 of producer p",
                    () -> {
                      calls.incrementAndGet();
                      throw unknown;
                    }))
        .isSameAs(unknown);
    assertThat(calls).hasValue(1);
    assertThat(retries).hasValue(0);
  }

  @Test
  void neverRetriesOtherFailures() {
    assertThatThrownBy(
            () ->
                retry.run(
                    "batch 7 of producer p",
                    () -> {
                      calls.incrementAndGet();
                      throw new ValidationException("the ledger moved");
                    }))
        .isInstanceOf(ValidationException.class)
        .hasMessage("the ledger moved");
    assertThat(calls).hasValue(1);
  }

  @Test
  void oneAttemptMeansNoRetry() {
    CommitRetry once = new CommitRetry(1, 1, 2, retries::incrementAndGet);
    assertThatThrownBy(
            () ->
                once.run(
                    "a group of 2 batches",
                    () -> {
                      calls.incrementAndGet();
                      throw new CommitFailedException("conflict");
                    }))
        .hasMessage("Cannot commit a group of 2 batches after 1 attempts: conflict");
    assertThat(calls).hasValue(1);
    assertThat(retries).hasValue(0);
  }
}
