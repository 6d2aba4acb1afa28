package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.TableRef;
import dev.floe.catalog.exceptions.InvalidContractException;
import dev.floe.ingest.Audit;
import dev.floe.ingest.AuditResult;
import dev.floe.ingest.Audited;
import dev.floe.ingest.contract.Contract;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code floe ingest --audit}: the rows go to an audit branch made from the table's branch, the
 * contract is checked at every staged snapshot, and the audited snapshot is published (the audit
 * branch is then dropped) or left quarantined on its branch (exit 1, naming the rules).
 */
final class AuditOptions {
  @Option(
      names = "--audit",
      description =
          "Write-audit-publish: stage the rows on an audit branch, check --contract at every"
              + " staged snapshot, then publish exactly the audited snapshot to TABLE's branch, or"
              + " leave the rows quarantined on the audit branch and exit 1 naming the rules.")
  boolean audit;

  @Option(
      names = "--audit-branch",
      paramLabel = "NAME",
      description = "The audit branch (default audit-<time>); needs --audit.")
  String branch;

  @Option(
      names = "--contract",
      paramLabel = "FILE",
      description = "Contract file (JSON) the audit checks; needs --audit.")
  Path contractFile;

  private Contract contract;
  private Audit started;

  /** Usage checks, and the contract read, before any work. */
  void validate(CommandSpec spec, String table) {
    if (!audit) {
      if (branch != null || contractFile != null) {
        throw new ParameterException(
            spec.commandLine(), "--audit-branch and --contract need --audit");
      }
      return;
    }
    if (contractFile == null) {
      throw new ParameterException(spec.commandLine(), "--audit needs --contract FILE");
    }
    contract = contract(contractFile, table);
    // Unique per run: two runs sharing a branch would publish (and drop) each other's rows.
    branch =
        branch != null
            ? branch
            : "audit-"
                + Long.toString(System.currentTimeMillis(), 36)
                + "-"
                + Integer.toHexString(
                    java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 16));
  }

  /** Where the rows go: TABLE's ref, or with --audit the audit branch, made from it if needed. */
  ResolvedTable target(Floe floe, String table) {
    if (!audit) {
      return floe.tables().resolve(table);
    }
    TableRef ref = TableRef.parse(table);
    started =
        Audit.of(floe, ref.identifier().toString())
            .target(ref.ref())
            .branch(branch)
            .contract(contract);
    return started.stage();
  }

  /** Publishes what the audit passes (and drops its branch unless quarantined); null without. */
  AuditResult publish() {
    if (started == null) {
      return null;
    }
    AuditResult result = started.publish();
    if (result.outcome() != AuditResult.Outcome.QUARANTINED) {
      started.drop();
    }
    return result;
  }

  /** Reads {@code file}; a contract naming another table is refused. */
  static Contract contract(Path file, String table) {
    Contract read = Contract.read(file);
    TableIdentifier id = TableRef.parse(table).identifier();
    if (read.table() != null && !TableIdentifier.parse(read.table()).equals(id)) {
      throw new InvalidContractException(
          "Contract %s is for table %s, not %s", file, read.table(), id);
    }
    return read;
  }

  /** {@code result} in docs/json.md's shape. */
  static Map<String, Object> json(AuditResult result, boolean dropped) {
    Audited audited = result.audited();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", audited.table());
    m.put("branch", audited.branch());
    m.put("target", audited.target());
    m.put("outcome", result.outcome().toString().toLowerCase(Locale.ROOT));
    m.put("published", result.isPublished());
    m.put("audited_snapshot_id", audited.snapshotId());
    m.put("nessie_hash", audited.hash());
    m.put("staged_snapshots", audited.staged());
    m.put("published_snapshot_id", result.published());
    m.put("replayed_snapshots", result.replayed());
    m.put("batches", audited.batches());
    m.put("blocked_by", audited.blockedBy());
    m.put("skipped_rules", audited.skipped());
    m.put("branch_dropped", dropped);
    return m;
  }

  /** One line per blocking failure, then what happened; returns the exit code. */
  static int print(AuditResult result, boolean dropped, PrintWriter out) {
    Audited audited = result.audited();
    audited.blockedBy().forEach(line -> out.println("BLOCK " + line));
    audited
        .skipped()
        .forEach(rule -> out.println("SKIPPED " + rule + ": row-level, not checked by the audit"));
    String where = audited.table() + "@" + audited.branch();
    switch (result.outcome()) {
      case QUARANTINED ->
          out.printf(
              "QUARANTINED: %d staged snapshot(s) of %s stay on %s, %s unchanged (batches %s);"
                  + " publish with 'floe audit publish %s --contract FILE', or 'floe audit drop"
                  + " %s'%n",
              audited.staged().size(),
              audited.table(),
              audited.branch(),
              audited.target(),
              audited.batches(),
              where,
              where);
      case NOTHING_STAGED ->
          out.printf("Nothing to publish: %s holds nothing %s lacks%n", where, audited.target());
      default ->
          out.printf(
              "Published %s to %s (%s): snapshot %s%s%s%n",
              where,
              audited.target(),
              result.outcome().toString().toLowerCase(Locale.ROOT).replace('_', ' '),
              result.published(),
              result.replayed().isEmpty() ? "" : ", replayed " + result.replayed(),
              dropped ? "; audit branch dropped" : "");
    }
    return result.outcome() == AuditResult.Outcome.QUARANTINED ? 1 : 0;
  }
}
