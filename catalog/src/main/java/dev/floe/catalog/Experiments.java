package dev.floe.catalog;

import java.util.List;
import java.util.Optional;

/**
 * Experiment branches: write to a branch without touching {@code main}, then merge or drop it.
 *
 * <p>Two backends: in nessie mode an experiment is one catalog-wide Nessie branch (multi-table,
 * atomic merge, Nessie tags); in the other modes it is an Iceberg branch on each of its tables.
 * Either way, write through {@code floe.tables().resolve("db.t@" + experiment.ref())}.
 */
public interface Experiments {
  /** Starts creating an experiment; finish with {@link CreateExperiment#commit()}. */
  CreateExperiment create(String name);

  /** All experiments, sorted by name. */
  List<Experiment> list();

  Optional<Experiment> find(String name);

  /** Removes the experiment's branch from every table; its snapshots become expirable. */
  void drop(String name);

  /**
   * Drops every experiment whose TTL ({@link CreateExperiment#ttl}) ran out before {@code now};
   * returns their names. Experiments without a TTL are kept.
   */
  default List<String> dropExpired(java.time.Instant now) {
    List<String> dropped =
        list().stream().filter(e -> e.isExpired(now)).map(Experiment::name).toList();
    dropped.forEach(this::drop);
    return dropped;
  }

  /**
   * Tags a snapshot of a table so that retention keeps it. In nessie mode the tag is a Nessie tag
   * on the newest {@code main} commit where the table's current snapshot was {@code snapshotId}, so
   * {@code resolve("db.t@" + tag)} loads exactly that snapshot.
   */
  void tag(String table, String tag, long snapshotId);

  /**
   * What the experiment added on top of {@code main}: changed tables, snapshots and rows added.
   * Throws {@link dev.floe.catalog.exceptions.NoSuchRefException} for an unknown experiment.
   */
  ExperimentDiff diff(String name);

  /**
   * Publishes exactly what {@code diff} saw: {@code main} ends at each table's {@link
   * ExperimentDiff.TableDiff#branchSnapshotId()} (nessie: one atomic merge from the commit {@link
   * ExperimentDiff#head()}), never at a newer branch head, so what was audited is what lands (the
   * race of apache/iceberg#8424). The experiment branch stays until dropped. Embedded: main moves
   * on a table only if it still is at the diff's {@code mainSnapshotId}, checked for every table
   * before any moves and again by each table's compare-and-swap commit.
   *
   * <p>Throws {@link dev.floe.catalog.exceptions.MergeConflictException}, merging nothing, when the
   * branch moved since the diff (diff again, check again, then merge) or main changed a table the
   * experiment also changed.
   */
  void merge(ExperimentDiff diff);

  /**
   * Diffs the experiment now and merges exactly that diff ({@link #merge(ExperimentDiff)}); returns
   * what was merged. A caller that audited an earlier diff must merge that diff instead.
   */
  default ExperimentDiff merge(String name) {
    ExperimentDiff diff = diff(name);
    merge(diff);
    return diff;
  }

  /**
   * What every branch and tag (main included) holds, sorted by name: its tables, snapshots, and the
   * bytes of the files live in its heads, in total and kept alive by it alone. Nessie mode reports
   * Nessie references; the other modes sum each table's Iceberg refs by name.
   */
  List<RefReport> report();

  /** Options of a new experiment. */
  interface CreateExperiment {
    /** Branch or tag to start from; default {@code main}. */
    CreateExperiment from(String ref);

    CreateExperiment purpose(String purpose);

    /** Default: the {@code user.name} of this JVM. */
    CreateExperiment owner(String owner);

    /** How long to keep it: {@link Experiments#dropExpired} drops it after that. Default: kept. */
    CreateExperiment ttl(java.time.Duration ttl);

    /** Tables to branch; default every table in the catalog. */
    CreateExperiment tables(String... tables);

    Experiment commit();
  }
}
