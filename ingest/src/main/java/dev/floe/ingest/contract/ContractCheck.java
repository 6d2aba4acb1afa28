package dev.floe.ingest.contract;

import dev.floe.catalog.FloeTables;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Checks a contract's rules against one snapshot of a table, from metadata, manifests and the
 * per-commit profiles ({@code drift} rules) only: no data file is read. Freshness compares with the
 * clock's now, so it works on a table nobody writes to. Row-level rules come back {@link
 * RuleResult.Status#SKIPPED} (the writer enforces them).
 *
 * <pre>{@code
 * ContractReport report = contract.check(table).ref("audit").baseline("train-v3").clock(clock).get();
 * }</pre>
 */
public final class ContractCheck {
  private final Contract contract;
  private final Table table;
  private String ref = SnapshotRef.MAIN_BRANCH;
  private Long snapshotId;
  private Clock clock = Clock.systemUTC();
  private String baseline;
  private FloeTables tables;
  private TableIdentifier name;

  ContractCheck(Contract contract, Table table) {
    this.contract = contract;
    this.table = Objects.requireNonNull(table, "table");
  }

  /** The branch or tag whose head is checked; default {@code main}. */
  public ContractCheck ref(String value) {
    Preconditions.checkArgument(value != null && !value.isBlank(), "Invalid ref: %s", value);
    this.ref = value;
    return this;
  }

  /** Checks this snapshot instead of the ref's head. */
  public ContractCheck snapshot(long id) {
    this.snapshotId = id;
    return this;
  }

  /** Where "now" comes from, for freshness; default the system clock (UTC). */
  public ContractCheck clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /**
   * The branch or tag every {@code drift} rule compares with, instead of the baseline the contract
   * names (a training pin, say); default none: each rule's own.
   */
  public ContractCheck baseline(String ref) {
    Preconditions.checkArgument(ref != null && !ref.isBlank(), "Invalid baseline ref: %s", ref);
    this.baseline = ref;
    return this;
  }

  /**
   * Resolves baseline refs through the catalog too: in nessie mode a Nessie branch or tag, and
   * {@code main} (the catalog's default branch), name the table {@code name} as committed there,
   * not a ref of the checked table, whose own {@code main} on a Nessie branch is that branch (see
   * {@link Baseline}). Without it, baselines are the checked table's branches and tags.
   */
  public ContractCheck catalog(FloeTables value, TableIdentifier tableName) {
    this.tables = Objects.requireNonNull(value, "tables");
    this.name = Objects.requireNonNull(tableName, "tableName");
    return this;
  }

  public ContractReport get() {
    Snapshot snapshot;
    if (snapshotId != null) {
      snapshot = table.snapshot(snapshotId);
      if (snapshot == null) {
        throw new SnapshotNotFoundException(
            "Cannot check %s: it has no snapshot %s", table.name(), snapshotId);
      }
    } else {
      Preconditions.checkArgument(
          ref.equals(SnapshotRef.MAIN_BRANCH) || table.refs().containsKey(ref),
          "Cannot check %s: it has no branch or tag '%s' (it has: %s)",
          table.name(),
          ref,
          table.refs().keySet());
      snapshot = table.snapshot(ref);
    }
    List<RuleResult> results =
        new MetadataChecks(table, snapshot, clock.instant(), baseline, tables, name)
            .check(contract);
    return new ContractReport(
        table.name(), snapshot == null ? null : snapshot.snapshotId(), results);
  }
}
