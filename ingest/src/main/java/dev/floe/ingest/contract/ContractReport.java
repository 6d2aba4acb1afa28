package dev.floe.ingest.contract;

import java.util.List;
import java.util.Objects;

/** A contract checked against one snapshot of a table: one result per rule, in contract order. */
public record ContractReport(String table, Long snapshotId, List<RuleResult> results) {
  public ContractReport {
    Objects.requireNonNull(table, "table");
    results = List.copyOf(results);
  }

  /** True when no blocking rule failed ({@code warn} failures do not count). */
  public boolean passed() {
    return results.stream().noneMatch(RuleResult::blocks);
  }

  /** Failed rules, blocking and warning. */
  public List<RuleResult> failures() {
    return results.stream().filter(r -> r.status() == RuleResult.Status.FAILED).toList();
  }
}
