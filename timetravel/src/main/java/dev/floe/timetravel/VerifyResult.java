package dev.floe.timetravel;

import java.util.List;
import java.util.Objects;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Outcome of {@link TimeTravel#verify}: {@code ok} when the lock's data can still be read exactly;
 * otherwise every problem found, one sentence each.
 */
public record VerifyResult(boolean ok, List<String> problems) {
  public VerifyResult {
    problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
    Preconditions.checkArgument(
        ok == problems.isEmpty(), "A verify result is ok exactly when it has no problems");
  }

  static VerifyResult of(List<String> problems) {
    return new VerifyResult(problems.isEmpty(), problems);
  }
}
