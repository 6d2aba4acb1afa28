package dev.floe.timetravel;

import java.util.List;
import java.util.Objects;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Outcome of {@link TimeTravel#verify}: {@code ok} when the lock's data can still be read exactly;
 * otherwise every problem found, one sentence each. A deep verification ({@link
 * TimeTravel#verifyDeep}) also lists what it found for each data file, in the lock's file order (a
 * file that differs is a problem too); a plain one lists none.
 */
public record VerifyResult(boolean ok, List<String> problems, List<FileCheck> files) {
  public VerifyResult {
    problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
    files = List.copyOf(Objects.requireNonNull(files, "files"));
    Preconditions.checkArgument(
        ok == problems.isEmpty(), "A verify result is ok exactly when it has no problems");
  }

  static VerifyResult of(List<String> problems) {
    return new VerifyResult(problems.isEmpty(), problems, List.of());
  }
}
