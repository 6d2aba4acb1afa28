package dev.floe.cli;

import dev.floe.catalog.Experiment;
import dev.floe.catalog.ExperimentDiff;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code --json} shapes of experiments and their diffs ({@link OutputOptions} prints them). */
final class BranchJson {
  private BranchJson() {}

  static Map<String, Object> experiment(Experiment e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", e.name());
    m.put("from", e.from());
    m.put("owner", e.owner());
    m.put("purpose", e.purpose());
    m.put("created_at", time(e.createdAt()));
    m.put("last_commit_at", time(e.lastCommitAt()));
    m.put("expires_at", time(e.expiresAt()));
    m.put("tables", e.tables());
    return m;
  }

  static Map<String, Object> diff(ExperimentDiff diff) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("experiment", diff.experiment());
    m.put("head", diff.head());
    m.put("rows_added", diff.rowsAdded());
    m.put("bytes_added", diff.bytesAdded());
    List<Map<String, Object>> tables =
        diff.tables().stream()
            .map(
                t -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("table", t.table());
                  row.put("snapshots_added", t.snapshotsAdded());
                  row.put("rows_added", t.rowsAdded());
                  row.put("bytes_added", t.bytesAdded());
                  row.put("main_snapshot_id", t.mainSnapshotId());
                  row.put("branch_snapshot_id", t.branchSnapshotId());
                  row.put("main_changed", t.mainChanged());
                  return row;
                })
            .toList();
    m.put("tables", tables);
    return m;
  }

  static String time(Instant at) {
    return at == null ? null : at.toString();
  }
}
