package dev.floe.catalog.refs;

import dev.floe.catalog.Experiment;
import dev.floe.catalog.ExperimentDiff;
import dev.floe.catalog.Experiments;
import dev.floe.catalog.FloeTables;
import dev.floe.catalog.RefNames;
import dev.floe.catalog.RefReport;
import dev.floe.catalog.exceptions.MergeConflictException;
import dev.floe.catalog.exceptions.NoSuchRefException;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/** Experiments as Iceberg branches, with who/why/when kept in table properties. */
public final class TableRefExperiments implements Experiments {
  static final String PREFIX = "floe.experiment.";
  private static final String MAIN = SnapshotRef.MAIN_BRANCH;
  private final FloeTables tables;

  /** Experiments as branches of the tables {@code tables} holds. */
  public TableRefExperiments(FloeTables tables) {
    this.tables = tables;
  }

  @Override
  public CreateExperiment create(String name) {
    checkName(name);
    return new TableRefCreate(tables, name);
  }

  @Override
  public List<Experiment> list() {
    Map<String, List<String>> byName = new TreeMap<>();
    Map<String, Table> firstTable = new TreeMap<>();
    Map<String, Long> lastCommit = new TreeMap<>();
    for (TableIdentifier id : tables.list()) {
      Table table = tables.load(id.toString());
      table
          .refs()
          .forEach(
              (refName, ref) -> {
                if (ref.isBranch() && !SnapshotRef.MAIN_BRANCH.equals(refName)) {
                  byName.computeIfAbsent(refName, k -> new ArrayList<>()).add(id.toString());
                  firstTable.putIfAbsent(refName, table);
                  Snapshot head = table.snapshot(ref.snapshotId());
                  if (head != null) {
                    lastCommit.merge(refName, head.timestampMillis(), Math::max);
                  }
                }
              });
    }
    List<Experiment> experiments = new ArrayList<>();
    byName.forEach(
        (name, names) ->
            experiments.add(describe(name, firstTable.get(name), names, lastCommit.get(name))));
    return experiments;
  }

  @Override
  public Optional<Experiment> find(String name) {
    return list().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  @Override
  public void drop(String name) {
    Experiment experiment = experiment(name);
    for (String tableName : experiment.tables()) {
      Table table = tables.load(tableName);
      Transaction txn = table.newTransaction();
      txn.manageSnapshots().removeBranch(name).commit();
      var props = txn.updateProperties();
      table.properties().keySet().stream()
          .filter(k -> k.startsWith(PREFIX + name + "."))
          .forEach(props::remove);
      props.commit();
      txn.commitTransaction();
    }
  }

  @Override
  public void tag(String tableName, String tag, long snapshotId) {
    checkName("tag", tag);
    Table table = tables.load(tableName);
    if (table.snapshot(snapshotId) == null) {
      throw new SnapshotNotFoundException(
          "Cannot tag %s: table %s has no snapshot %s", tag, tableName, snapshotId);
    }
    if (table.refs().containsKey(tag)) {
      throw new ValidationException(
          "Cannot tag snapshot %s of %s as '%s': a ref with that name exists",
          snapshotId, tableName, tag);
    }
    table.manageSnapshots().createTag(tag, snapshotId).commit();
  }

  @Override
  public ExperimentDiff diff(String name) {
    Experiment experiment = experiment(name);
    List<ExperimentDiff.TableDiff> changed = new ArrayList<>();
    for (String tableName : experiment.tables()) {
      Table table = tables.load(tableName);
      ExperimentDiff.TableDiff diff =
          BranchDiffs.diff(tableName, table, SnapshotRef.MAIN_BRANCH, table, name);
      if (diff != null) {
        changed.add(diff);
      }
    }
    return new ExperimentDiff(name, null, changed);
  }

  @Override
  public void merge(ExperimentDiff diff) {
    Preconditions.checkNotNull(diff, "Invalid diff: null");
    String name = diff.experiment();
    List<String> moved = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    Map<ExperimentDiff.TableDiff, TableOperations> ops = new java.util.LinkedHashMap<>();
    for (ExperimentDiff.TableDiff change : diff.tables()) {
      TableOperations tableOps = operations(change.table());
      TableMetadata base = tableOps.refresh();
      if (!Objects.equals(headId(base, name), change.branchSnapshotId())) {
        moved.add(change.table());
      }
      if (change.mainChanged() || !Objects.equals(headId(base, MAIN), change.mainSnapshotId())) {
        conflicts.add(change.table());
      }
      ops.put(change, tableOps);
    }
    if (!moved.isEmpty()) {
      throw new MergeConflictException(
          moved,
          "Cannot merge experiment %s: its branch moved on %s since the diff (nothing was"
              + " merged; diff and check it again, then merge that diff)",
          name,
          String.join(", ", moved));
    }
    if (!conflicts.isEmpty()) {
      throw new MergeConflictException(
          conflicts,
          "Cannot merge experiment %s: main changed %s since the experiment branched (nothing"
              + " was merged; rebase the experiment or drop it)",
          name,
          String.join(", ", conflicts));
    }
    List<String> merged = new ArrayList<>();
    ops.forEach(
        (change, tableOps) -> {
          TableMetadata base = tableOps.current();
          try {
            tableOps.commit(
                base,
                TableMetadata.buildFrom(base)
                    .setBranchSnapshot(change.branchSnapshotId(), MAIN)
                    .build());
          } catch (CommitFailedException e) {
            throw new MergeConflictException(
                e,
                List.of(change.table()),
                "Cannot merge experiment %s: %s changed during the merge (merged so far: %s)",
                name,
                change.table(),
                merged.isEmpty() ? "none" : String.join(", ", merged));
          }
          merged.add(change.table());
          MergeEvents.merged(
              "experiment-merge", change, name, MAIN, () -> tableOps.current().location());
        });
  }

  private TableOperations operations(String tableName) {
    return ((HasTableOperations) tables.load(tableName)).operations();
  }

  private static Long headId(TableMetadata metadata, String ref) {
    SnapshotRef head = metadata.ref(ref);
    return head == null ? null : head.snapshotId();
  }

  @Override
  public List<RefReport> report() {
    List<RefReports.Holding> holdings = new ArrayList<>();
    for (TableIdentifier id : tables.list()) {
      Table table;
      try {
        table = tables.load(id.toString());
      } catch (java.io.UncheckedIOException | org.apache.iceberg.exceptions.NotFoundException e) {
        // Its refs are unknown: it shows as unreadable on main.
        holdings.add(
            RefReports.Holding.unreadable(
                SnapshotRef.MAIN_BRANCH, RefReport.Kind.BRANCH, id.toString()));
        continue;
      }
      table
          .refs()
          .forEach(
              (refName, ref) -> {
                Snapshot head = table.snapshot(ref.snapshotId());
                holdings.add(
                    new RefReports.Holding(
                        refName,
                        ref.isBranch() ? RefReport.Kind.BRANCH : RefReport.Kind.TAG,
                        id.toString(),
                        table,
                        head,
                        ref.isBranch() ? BranchDiffs.ancestors(table, head).size() : 1));
              });
    }
    return RefReports.report(holdings);
  }

  private Experiment experiment(String name) {
    return find(name)
        .orElseThrow(() -> new NoSuchRefException("No experiment branch named '%s'", name));
  }

  private static Experiment describe(
      String name, Table table, List<String> tableNames, Long lastCommitMillis) {
    Map<String, String> p = table.properties();
    String created = p.get(PREFIX + name + ".created-at");
    String expires = p.get(PREFIX + name + ".expires-at");
    return new Experiment(
        name,
        p.get(PREFIX + name + ".from"),
        p.get(PREFIX + name + ".owner"),
        p.get(PREFIX + name + ".purpose"),
        created == null ? null : Instant.parse(created),
        tableNames,
        lastCommitMillis == null ? null : Instant.ofEpochMilli(lastCommitMillis),
        expires == null ? null : Instant.parse(expires));
  }

  static java.time.Duration checkTtl(java.time.Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new ValidationException("Invalid experiment TTL %s: must be positive", ttl);
    }
    return ttl;
  }

  static void checkName(String name) {
    checkName("experiment", name);
  }

  static void checkName(String kind, String name) {
    RefNames.check(kind, name);
  }
}
