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
   * Makes {@code main} hold what the experiment holds; the experiment branch stays until dropped.
   * Nessie: one atomic merge of every table. Embedded: a fast-forward of main on each changed
   * table, checked for every table before any moves. Throws {@link
   * dev.floe.catalog.exceptions.MergeConflictException} when main changed a table the experiment
   * also changed, and then nothing is merged.
   */
  void merge(String name);

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
