package dev.floe.catalog;

import java.util.List;
import java.util.Objects;

/**
 * What an experiment branch added on top of {@code main}: one entry per table whose branch has
 * snapshots that main does not (or that exists only on the branch).
 *
 * <p>A diff is also what {@link Experiments#merge(ExperimentDiff)} publishes: exactly the heads it
 * saw ({@link TableDiff#branchSnapshotId()} per table; in nessie mode the branch commit {@code
 * head}), never whatever the branch holds at merge time.
 *
 * @param head the Nessie commit hash of the branch head this diff was computed at; null outside
 *     nessie mode
 */
public record ExperimentDiff(String experiment, String head, List<TableDiff> tables) {
  public ExperimentDiff {
    Objects.requireNonNull(experiment, "experiment");
    tables = List.copyOf(tables);
  }

  public boolean isEmpty() {
    return tables.isEmpty();
  }

  public long rowsAdded() {
    return tables.stream().mapToLong(TableDiff::rowsAdded).sum();
  }

  public long bytesAdded() {
    return tables.stream().mapToLong(TableDiff::bytesAdded).sum();
  }

  /**
   * One changed table. {@code bytesAdded} is the size of the data files its branch-only snapshots
   * added: what the experiment keeps alive beyond main. {@code mainSnapshotId} is null when main
   * has no snapshot of it (or no such table); {@code branchSnapshotId} is the branch head.
   */
  public record TableDiff(
      String table,
      int snapshotsAdded,
      long rowsAdded,
      long bytesAdded,
      Long mainSnapshotId,
      Long branchSnapshotId,
      boolean mainChanged) {
    public TableDiff {
      Objects.requireNonNull(table, "table");
    }
  }
}
