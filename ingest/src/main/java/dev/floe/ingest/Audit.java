package dev.floe.ingest;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.TableRef;
import dev.floe.catalog.exceptions.NoSuchRefException;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import dev.floe.ingest.contract.Contract;
import dev.floe.ingest.contract.ContractCheck;
import dev.floe.ingest.contract.ContractReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Write-audit-publish for one table: stage writes on an audit branch, check a contract on the
 * staged snapshots, and publish only the audited snapshot to the target branch ({@code main}).
 *
 * <pre>{@code
 * Audit audit = Audit.of(floe, "ml.events").branch("audit-42").contract(contract);
 * try (TableWriter writer = audit.writer().producerId("clicks-1").build()) {
 *   writer.append(batch);
 * }
 * AuditResult result = audit.publish(); // QUARANTINED: main unchanged, see audited().blockedBy()
 * }</pre>
 *
 * <p>Publishing takes the {@link Audited} head that was checked, never the branch head at publish
 * time, so a batch that lands on the audit branch after the check stays there (the race of
 * apache/iceberg#8424). When the target has not moved since the branch forked, it fast-forwards to
 * that exact snapshot id (nessie: one atomic Nessie merge from the audited commit hash, which
 * carries every table the branch changed, so it is used only when the branch changed this table
 * alone). When the target moved, the audited appends are replayed onto it in order, in one commit
 * ({@link AuditReplay}). Either way the exactly-once ledger goes with the data: a batch published
 * once is a duplicate on the target and on the audit branch, and a batch the target got meanwhile
 * (re-sent there) stops the replay instead of landing twice.
 *
 * <p>The unit of audit is the snapshot. With group commit one snapshot holds the batches of many
 * producers: a blocking failure quarantines all of them on the audit branch, none is lost or
 * published, and {@link Audited#batches()} names each producer's sequences held back. Their {@link
 * AppendResult}s said "committed on the audit branch", which stays true; publish them (after a
 * relaxed check) or {@link #drop()} the branch and re-send to a new one.
 *
 * <p>The audit branch is an experiment ({@link Floe#experiments()}): an Iceberg branch of the
 * table, or in nessie mode a catalog-wide Nessie branch. It stays after a publish until {@link
 * #drop()}.
 */
public final class Audit {
  private final Floe floe;
  private final String table;
  private String branch;
  private String target = SnapshotRef.MAIN_BRANCH;
  private Contract contract;
  private Clock clock = Clock.systemUTC();
  private String baseline;

  private Audit(Floe floe, String table) {
    this.floe = floe;
    this.table = table;
  }

  /** Audits {@code table} ({@code db.t}, without a ref: the ref is {@link #branch}). */
  public static Audit of(Floe floe, String table) {
    Objects.requireNonNull(floe, "floe");
    TableRef ref = TableRef.parse(table);
    Preconditions.checkArgument(
        ref.isMain(), "Invalid table %s: name the audit branch with branch(..), not @", table);
    return new Audit(floe, ref.identifier().toString());
  }

  /** The audit branch writes are staged on; required. */
  public Audit branch(String name) {
    Preconditions.checkArgument(
        name != null && !name.isBlank(), "Invalid audit branch: must not be empty");
    this.branch = name;
    return this;
  }

  /** The branch to publish to; {@code main} unless set (nessie mode: only the default branch). */
  public Audit target(String name) {
    Preconditions.checkArgument(name != null && !name.isBlank(), "Invalid target: empty");
    this.target = name;
    return this;
  }

  /** The contract checked at every staged snapshot; required by {@link #check()}. */
  public Audit contract(Contract value) {
    this.contract = Objects.requireNonNull(value, "contract");
    return this;
  }

  /** Where "now" comes from for freshness rules; default the system clock. */
  public Audit clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /**
   * The branch or tag every {@code drift} rule compares the staged commits with, instead of the
   * contract's own baseline ({@code ContractCheck.baseline}); e.g. the target, {@code main}. In
   * nessie mode a Nessie branch or tag (and {@code main}, the catalog's default branch) is that
   * reference's table, not a ref inside the audit branch's table.
   */
  public Audit baseline(String ref) {
    Preconditions.checkArgument(ref != null && !ref.isBlank(), "Invalid baseline ref: %s", ref);
    this.baseline = ref;
    return this;
  }

  /** Creates the audit branch at the target's head unless it exists; returns it to write to. */
  public ResolvedTable stage() {
    checkBranch();
    boolean exists =
        floe.tables().nessieMode()
            ? floe.experiments().find(branch).isPresent()
            : floe.tables().load(table).refs().containsKey(branch);
    if (!exists) {
      floe.experiments().create(branch).from(target).tables(table).purpose(purpose()).commit();
    } else {
      checkAuditBranch("stage on");
    }
    return floe.tables().resolve(table + "@" + branch);
  }

  /** A writer that appends to the audit branch ({@link #stage()} first). */
  public TableWriter.Builder writer() {
    return TableWriter.forTable(stage());
  }

  /**
   * Checks the contract at every snapshot the branch holds that the target lacks and that changed
   * data (the empty snapshot a branch of an empty table starts with holds nothing to check).
   */
  public Audited check() {
    checkBranch();
    Preconditions.checkState(contract != null, "Cannot audit %s: no contract set", table);
    ResolvedTable onBranch = floe.tables().resolveCommit(table + "@" + branch);
    Table source = onBranch.table();
    Snapshot head = onBranch.snapshot();
    Table targetTable = targetTable();
    checkTargetBranch(targetTable);
    List<Snapshot> staged =
        head == null
            ? List.of()
            : AuditHistory.staged(source, head.snapshotId(), targetTable, targetHead(targetTable));
    List<ContractReport> reports = new ArrayList<>();
    for (Snapshot s : staged) {
      if (AuditHistory.changesData(s)) {
        ContractCheck rules =
            contract
                .check(source)
                .snapshot(s.snapshotId())
                .clock(clock)
                .catalog(floe.tables(), TableIdentifier.parse(table));
        reports.add((baseline == null ? rules : rules.baseline(baseline)).get());
      }
    }
    Map<String, SequenceSet> all = new TreeMap<>();
    AuditHistory.batches(source, staged)
        .values()
        .forEach(added -> added.forEach((p, seqs) -> all.merge(p, seqs, SequenceSet::union)));
    Map<String, String> batches = new TreeMap<>();
    all.forEach((p, seqs) -> batches.put(p, seqs.toString()));
    return new Audited(
        table,
        branch,
        target,
        head == null ? null : head.snapshotId(),
        onBranch.nessieHash(),
        staged.stream().map(Snapshot::snapshotId).toList(),
        reports,
        batches);
  }

  /** Checks the branch now and publishes what was checked: {@code publish(check())}. */
  public AuditResult publish() {
    return publish(check());
  }

  /**
   * Publishes exactly {@code audited}: nothing when a blocking rule failed ({@link
   * AuditResult.Outcome#QUARANTINED}). Throws {@link org.apache.iceberg.exceptions
   * .ValidationException}, publishing nothing, when a replay finds a batch the target holds already
   * or a staged snapshot that is no append; {@link SnapshotNotFoundException} when the audited
   * snapshot expired.
   */
  public AuditResult publish(Audited audited) {
    Objects.requireNonNull(audited, "audited");
    checkBranch();
    Preconditions.checkArgument(
        audited.table().equals(table) && audited.branch().equals(branch),
        "Cannot publish %s@%s with the audit of %s@%s",
        table,
        branch,
        audited.table(),
        audited.branch());
    if (!audited.passed()) {
      return new AuditResult(audited, AuditResult.Outcome.QUARANTINED, null, List.of());
    }
    if (audited.snapshotId() == null || audited.staged().isEmpty()) {
      return new AuditResult(audited, AuditResult.Outcome.NOTHING_STAGED, null, List.of());
    }
    Preconditions.checkArgument(
        audited.target().equals(target),
        "Cannot publish to %s the audit of %s@%s for %s",
        target,
        table,
        branch,
        audited.target());
    AuditPublish publish = new AuditPublish(floe, audited, targetRef());
    return publish.told(
        floe.tables().nessieMode() ? publish.nessie(targetTable()) : publish.tableRef(), target);
  }

  /** Drops the audit branch (quarantined data becomes expirable). */
  public void drop() {
    checkBranch();
    checkAuditBranch("drop");
    floe.experiments().drop(branch);
  }

  private String purpose() {
    return AuditBranches.purpose(table);
  }

  private void checkAuditBranch(String action) {
    AuditBranches.checkOwned(floe, table, branch, action);
  }

  /** The target as loaded now: in nessie mode the table on the catalog's default branch. */
  private Table targetTable() {
    Table loaded = floe.tables().load(table);
    loaded.refresh();
    return loaded;
  }

  /**
   * A missing target would be created by the publish: a typo would publish beside main. Only main
   * may be missing (a table without snapshots has no main yet).
   */
  private void checkTargetBranch(Table targetTable) {
    SnapshotRef ref = targetTable.refs().get(targetRef());
    if (ref == null ? !SnapshotRef.MAIN_BRANCH.equals(targetRef()) : !ref.isBranch()) {
      throw new NoSuchRefException(
          "Cannot audit %s@%s for %s: %s has no branch %s (it has: %s)",
          table, branch, target, table, target, new TreeSet<>(targetTable.refs().keySet()));
    }
  }

  private Snapshot targetHead(Table targetTable) {
    return targetTable.snapshot(targetRef());
  }

  /** The Iceberg ref of the target inside the table: nessie tables use their own {@code main}. */
  private String targetRef() {
    return floe.tables().nessieMode() ? SnapshotRef.MAIN_BRANCH : target;
  }

  private void checkBranch() {
    Preconditions.checkState(branch != null, "Cannot audit %s: no audit branch set", table);
    Preconditions.checkArgument(
        !branch.equals(target),
        "Cannot audit %s on %s: the audit branch must differ from the target",
        table,
        branch);
    Preconditions.checkArgument(
        !floe.tables().nessieMode() || target.equals(SnapshotRef.MAIN_BRANCH),
        "Cannot audit %s for %s in nessie mode: audits publish to the catalog's default branch",
        table,
        target);
  }
}
