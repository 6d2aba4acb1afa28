package dev.floe.catalog.refs;

import dev.floe.catalog.Experiment;
import dev.floe.catalog.Experiments.CreateExperiment;
import dev.floe.catalog.FloeTables;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ValidationException;

/** Creates an experiment as a branch of each of its tables, who/why/when in their properties. */
final class TableRefCreate implements CreateExperiment {
  private final FloeTables tables;
  private final String name;
  private String from = SnapshotRef.MAIN_BRANCH;
  private String purpose = "";
  private String owner = System.getProperty("user.name", "unknown");
  private List<String> tableNames = List.of();
  private java.time.Duration ttl;

  TableRefCreate(FloeTables tables, String name) {
    this.tables = tables;
    this.name = name;
  }

  @Override
  public CreateExperiment from(String ref) {
    this.from = ref;
    return this;
  }

  @Override
  public CreateExperiment purpose(String text) {
    this.purpose = text;
    return this;
  }

  @Override
  public CreateExperiment owner(String user) {
    this.owner = user;
    return this;
  }

  @Override
  public CreateExperiment ttl(java.time.Duration value) {
    this.ttl = TableRefExperiments.checkTtl(value);
    return this;
  }

  @Override
  public CreateExperiment tables(String... names) {
    this.tableNames = Arrays.asList(names);
    return this;
  }

  @Override
  public Experiment commit() {
    List<String> targets =
        tableNames.isEmpty()
            ? tables.list().stream().map(TableIdentifier::toString).toList()
            : tableNames;
    if (targets.isEmpty()) {
      throw new ValidationException("Cannot create experiment %s: the catalog has no tables", name);
    }
    Instant now = Instant.now();
    Instant expires = ttl == null ? null : now.plus(ttl);
    for (String tableName : targets) {
      Table table = tables.resolve(tableName + "@" + from).table();
      if (table.refs().containsKey(name)) {
        throw new ValidationException(
            "Cannot create experiment %s: table %s already has a ref with that name",
            name, tableName);
      }
      Snapshot start = table.snapshot(from);
      Transaction txn = table.newTransaction();
      if (start == null) {
        txn.manageSnapshots().createBranch(name).commit();
      } else {
        txn.manageSnapshots().createBranch(name, start.snapshotId()).commit();
      }
      txn.updateProperties()
          .set(TableRefExperiments.PREFIX + name + ".from", from)
          .set(TableRefExperiments.PREFIX + name + ".owner", owner)
          .set(TableRefExperiments.PREFIX + name + ".purpose", purpose)
          .set(TableRefExperiments.PREFIX + name + ".created-at", now.toString())
          .commit();
      if (expires != null) {
        txn.updateProperties()
            .set(TableRefExperiments.PREFIX + name + ".expires-at", expires.toString())
            .commit();
      }
      txn.commitTransaction();
    }
    return new Experiment(name, from, owner, purpose, now, targets, null, expires);
  }
}
