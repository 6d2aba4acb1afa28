package dev.floe.ingest.contract;

import java.util.Objects;

/**
 * The outcome of one rule. {@link Status#SKIPPED} is explicit, never a silent pass: row-level rules
 * ({@code allowed_values}, {@code regex}) cannot be answered from metadata, only by the writer.
 *
 * @param message what was found, e.g. {@code "null rate 0.25 > max 0.01 (5 of 20 rows)"}
 */
public record RuleResult(ContractRule rule, Status status, String message) {
  public RuleResult {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }

  /** Whether this result fails the check: a failed rule whose severity is block. */
  public boolean blocks() {
    return status == Status.FAILED && rule.severity() == Severity.BLOCK;
  }

  public enum Status {
    PASSED,
    FAILED,
    SKIPPED
  }
}
