package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.exceptions.InvalidContractException;
import dev.floe.ingest.contract.Contract;
import dev.floe.ingest.contract.ContractCheck;
import dev.floe.ingest.contract.ContractReport;
import dev.floe.ingest.contract.ContractRule;
import dev.floe.ingest.contract.RuleResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Check a table against a data contract, from metadata, manifests and per-commit profiles"
            + " only (no data file is read). One line per failed rule; exit 1 when a blocking rule fails, 0 when"
            + " only warn rules do.")
final class CheckCommand implements Callable<Integer> {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "TABLE", description = "Table, optionally @branch or @tag.")
  String tableName;

  @Option(
      names = "--contract",
      required = true,
      paramLabel = "FILE",
      description = "Contract file (JSON).")
  Path contractFile;

  @Option(
      names = "--snapshot",
      paramLabel = "ID",
      description = "Check this snapshot instead of the ref's head.")
  Long snapshotId;

  @Option(
      names = "--baseline",
      paramLabel = "REF",
      description =
          "Branch or tag every drift rule compares with (a training pin, say), instead of the"
              + " baseline the contract names. In nessie mode a Nessie branch or tag (main: the"
              + " catalog's default branch) is the table as committed there.")
  String baseline;

  @Override
  public Integer call() {
    Contract contract = Contract.read(contractFile);
    ContractReport report;
    try (Floe floe = catalog.openExisting()) {
      ResolvedTable resolved = floe.tables().resolve(tableName);
      TableIdentifier id = resolved.name().identifier();
      if (contract.table() != null && !TableIdentifier.parse(contract.table()).equals(id)) {
        throw new InvalidContractException(
            "Contract %s is for table %s, not %s", contractFile, contract.table(), id);
      }
      ContractCheck check =
          contract.check(resolved.table()).ref(resolved.ref()).catalog(floe.tables(), id);
      if (snapshotId != null) {
        check.snapshot(snapshotId);
      }
      if (baseline != null) {
        check.baseline(baseline);
      }
      report = check.get();
    }
    if (output.json) {
      output.printJson(json(report));
    } else {
      print(report, output.out());
    }
    return report.passed() ? 0 : 1;
  }

  private void print(ContractReport report, PrintWriter out) {
    List<RuleResult> shown =
        report.results().stream().filter(r -> r.status() != RuleResult.Status.PASSED).toList();
    for (RuleResult r : shown) {
      String tag =
          r.status() == RuleResult.Status.SKIPPED ? "SKIPPED" : r.rule().severity().toString();
      out.printf(
          "%s %s (%s line %d): %s%n",
          tag, r.rule().label(), contractFile, r.rule().line(), r.message());
    }
    long blocking = report.results().stream().filter(RuleResult::blocks).count();
    out.printf(
        "%s: %s snapshot %s, %d rule(s): %d blocking and %d warning failure(s), %d skipped%n",
        report.passed() ? "OK" : "FAILED",
        tableName,
        report.snapshotId() == null ? "(none)" : report.snapshotId(),
        report.results().size(),
        blocking,
        report.failures().size() - blocking,
        shown.size() - report.failures().size());
  }

  private Map<String, Object> json(ContractReport report) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", tableName);
    m.put("contract", contractFile.toString());
    m.put("snapshot_id", report.snapshotId());
    m.put("passed", report.passed());
    m.put(
        "results",
        report.results().stream()
            .map(
                r -> {
                  ContractRule rule = r.rule();
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("rule", rule.kind().id());
                  row.put("column", rule.column());
                  row.put("severity", rule.severity().toString().toLowerCase(Locale.ROOT));
                  row.put("status", r.status().toString().toLowerCase(Locale.ROOT));
                  row.put("line", rule.line());
                  row.put("message", r.message());
                  return row;
                })
            .toList());
    return m;
  }
}
