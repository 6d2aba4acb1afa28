package dev.floe.catalog;

import java.util.List;
import java.util.Optional;

/**
 * Experiment branches: write to a branch without touching {@code main}, then keep or drop it.
 *
 * <p>This backend uses Iceberg table refs, so an experiment is a branch on each of its tables and
 * works in every catalog mode.
 */
public interface Experiments {
  /** Starts creating an experiment; finish with {@link CreateExperiment#commit()}. */
  CreateExperiment create(String name);

  /** All experiments, sorted by name. */
  List<Experiment> list();

  Optional<Experiment> find(String name);

  /** Removes the experiment's branch from every table; its snapshots become expirable. */
  void drop(String name);

  /** Tags a snapshot of a table so that retention keeps it. */
  void tag(String table, String tag, long snapshotId);

  /** Options of a new experiment. */
  interface CreateExperiment {
    /** Branch or tag to start from; default {@code main}. */
    CreateExperiment from(String ref);

    CreateExperiment purpose(String purpose);

    /** Default: the {@code user.name} of this JVM. */
    CreateExperiment owner(String owner);

    /** Tables to branch; default every table in the catalog. */
    CreateExperiment tables(String... tables);

    Experiment commit();
  }
}
