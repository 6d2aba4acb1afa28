package dev.floe.ingest;

import dev.floe.ingest.contract.ContractReport;
import dev.floe.ingest.contract.RuleResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Audit#check()} saw on an audit branch: its head, the snapshots staged there that the
 * target lacks, the contract checked at each of them, and the batches they hold. {@link
 * Audit#publish(Audited)} publishes exactly this head, never a newer one.
 *
 * @param snapshotId the audited head of the branch; null when the branch has no snapshot
 * @param hash the Nessie commit the branch was checked at; null outside nessie mode
 * @param staged the staged snapshot ids, oldest first; empty when the target has them all
 * @param reports one contract report per staged snapshot that changed data, in the same order
 * @param batches the batches the staged snapshots hold: producer id to sequences ({@code
 *     "0-41,43"})
 */
public record Audited(
    String table,
    String branch,
    String target,
    Long snapshotId,
    String hash,
    List<Long> staged,
    List<ContractReport> reports,
    Map<String, String> batches) {
  public Audited {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(target, "target");
    staged = List.copyOf(staged);
    reports = List.copyOf(reports);
    batches = Map.copyOf(batches);
  }

  /** True when no blocking rule failed at any staged snapshot. */
  public boolean passed() {
    return reports.stream().allMatch(ContractReport::passed);
  }

  /**
   * Rules the audit cannot answer ({@code allowed_values}, {@code regex}: row-level), by label:
   * enforce them while writing with {@code contract.applyTo(audit.writer())}.
   */
  public List<String> skipped() {
    return reports.isEmpty()
        ? List.of()
        : reports.get(0).results().stream()
            .filter(r -> r.status() == RuleResult.Status.SKIPPED)
            .map(r -> r.rule().label())
            .toList();
  }

  /**
   * One line per blocking failure, naming the rule, the snapshot and what was found: {@code
   * "null_rate(label) at snapshot 42: null rate 0.5000 (...), expected [-inf, 0.05]"}.
   */
  public List<String> blockedBy() {
    List<String> lines = new ArrayList<>();
    for (ContractReport report : reports) {
      for (RuleResult r : report.results()) {
        if (r.blocks()) {
          lines.add(r.rule().label() + " at snapshot " + report.snapshotId() + ": " + r.message());
        }
      }
    }
    return lines;
  }
}
