package dev.floe.cli;

import dev.floe.bench.EventData;
import dev.floe.ingest.Audit;
import dev.floe.ingest.AuditResult;
import dev.floe.ingest.Audited;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import dev.floe.ingest.contract.Contract;
import dev.floe.ingest.contract.RuleResult;
import java.util.List;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.data.Record;

/**
 * Step 6 of the demo, write-audit-publish: a batch staged on an audit branch passes the contract
 * and exactly the audited snapshot is published, while a drifted batch (amounts sent in cents) that
 * lands on the branch after the check is not; checked in turn, it is blocked by the drift rule (PSI
 * of its amounts against main's profile, from the per-commit sketches: the demo table profiles
 * every commit) and by the range rule, and stays quarantined on the branch. In nessie mode the
 * baseline {@code main} is the catalog's default branch, not the audit branch's own history.
 */
final class DemoAudit {
  static final String CONTRACT =
      """
      {"table": "demo.events",
       "rules": [{"rule": "drift", "column": "amount", "baseline": "main", "psi": 0.2},
                 {"rule": "range", "column": "amount", "min": 0, "max": 100},
                 {"rule": "null_rate", "column": "label", "max": 0.01},
                 {"rule": "row_count", "min": 1, "max": 1000000}]}
      """;

  private final DemoRun demo;

  DemoAudit(DemoRun demo) {
    this.demo = demo;
  }

  void run() {
    String branch = "audit-run-" + demo.run;
    demo.report.step(
        "Write-audit-publish on branch " + branch + ": only audited data reaches main");
    Contract contract = Contract.parse(CONTRACT, "demo contract");
    long mainBefore = demo.rows(SnapshotRef.MAIN_BRANCH);
    Audit audit = Audit.of(demo.floe, DemoRun.TABLE).branch(branch).contract(contract);
    append(audit, "loader-run-" + demo.run, demo.sample(5));
    Audited audited = audit.check();
    for (RuleResult r : audited.reports().get(0).results()) {
      demo.report.line("%s %s: %s", r.status(), r.rule().label(), r.message());
    }
    demo.report.check(audited.passed(), "the staged batch passes the contract");

    // A producer switches amount to cents and its batch lands after the check: never audited.
    List<Record> cents = demo.sample(6);
    cents.forEach(r -> r.setField("amount", (Double) r.getField("amount") * 100));
    append(audit, "cents-run-" + demo.run, cents);
    AuditResult published = audit.publish(audited);
    demo.table.refresh();
    long mainRows = demo.rows(SnapshotRef.MAIN_BRANCH);
    demo.report.line(
        "published (%s): main is at snapshot %s; audited snapshot %s, branch head %s",
        published.outcome().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
        published.published(),
        audited.snapshotId(),
        audit.check().snapshotId());
    demo.report.check(
        published.isPublished()
            && demo.table.currentSnapshot().snapshotId() == published.published()
            && mainRows == mainBefore + audited.reports().size() * 1000L,
        "main got exactly the audited batch, not the one that landed after the check");

    AuditResult blocked = audit.publish();
    blocked.audited().blockedBy().forEach(line -> demo.report.line("BLOCK %s", line));
    demo.table.refresh();
    demo.report.line(
        "quarantined on %s: batches %s (drop it with 'floe audit drop %s@%s')",
        branch, blocked.audited().batches(), DemoRun.TABLE, branch);
    demo.report.check(
        blocked.outcome() == AuditResult.Outcome.QUARANTINED
            && blocked.audited().blockedBy().stream().anyMatch(l -> l.startsWith("drift(amount)")),
        "the drifted batch is blocked by drift(amount) against main");
    demo.report.check(
        demo.rows(SnapshotRef.MAIN_BRANCH) == mainRows
            && demo.table.currentSnapshot().snapshotId() == published.published(),
        "main is unchanged: the drifted batch stays on the audit branch");
    demo.report.done();
  }

  private void append(Audit audit, String producer, List<Record> rows) {
    try (TableWriter writer = audit.writer().producerId(producer).build()) {
      writer.append(Batch.of(0, EventData.SCHEMA, rows));
    }
  }
}
