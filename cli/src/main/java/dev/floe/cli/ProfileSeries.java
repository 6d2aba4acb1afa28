package dev.floe.cli;

import dev.floe.compaction.health.HealthReport.SnapshotPoint;
import dev.floe.ingest.profile.ColumnProfile;
import dev.floe.ingest.profile.Drift;
import dev.floe.ingest.profile.Profile;
import dev.floe.ingest.profile.Profiles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Table;

/**
 * Null rates and drift per column over the appends that carry a per-commit profile: the null rate
 * of the rows each append added, and the PSI of its values against the first profiled append (the
 * baseline). Reads one statistics file per append, so only the newest {@link #MAX_APPENDS} appends
 * of the report's series are read; the page says how many.
 */
final class ProfileSeries {
  static final int MAX_APPENDS = 100;

  private ProfileSeries() {}

  /** {@code {appends_profiled, appends_capped, points: [{snapshot_id, rows, columns: {..}}]}}. */
  static Map<String, Object> of(Table table, List<SnapshotPoint> snapshots) {
    List<SnapshotPoint> appends =
        snapshots.stream().filter(s -> DataOperations.APPEND.equals(s.operation())).toList();
    boolean capped = appends.size() > MAX_APPENDS;
    appends = appends.subList(Math.max(0, appends.size() - MAX_APPENDS), appends.size());
    Profiles profiles = Profiles.of(table);
    Map<String, ColumnProfile> baseline = new HashMap<>();
    List<Map<String, Object>> points = new ArrayList<>();
    for (SnapshotPoint s : appends) {
      Profile profile;
      try {
        profile = profiles.atSnapshot(s.snapshotId());
      } catch (IllegalStateException noProfile) {
        continue; // appends by writers without profiling have none; the others still count
      }
      Map<String, Object> columns = new LinkedHashMap<>();
      for (ColumnProfile c : profile.columns().values()) {
        Map<String, Object> col = new LinkedHashMap<>();
        col.put("null_rate", c.rows() == 0 ? 0.0 : (double) c.nulls() / c.rows());
        ColumnProfile first = baseline.putIfAbsent(c.name(), c);
        col.put("psi", first == null ? null : psi(first, c));
        columns.put(c.name(), col);
      }
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("snapshot_id", s.snapshotId());
      point.put("rows", profile.rows());
      point.put("columns", columns);
      points.add(point);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("appends_profiled", points.size());
    m.put("appends_capped", capped);
    m.put("points", points);
    return m;
  }

  private static Double psi(ColumnProfile baseline, ColumnProfile current) {
    if (baseline.quantiles() == null
        || current.quantiles() == null
        || baseline.quantiles().isEmpty()
        || current.quantiles().isEmpty()) {
      return null; // no numeric sketch (strings, booleans) or no non-null value yet
    }
    double psi = Drift.psi(baseline.quantiles(), current.quantiles());
    return Double.isFinite(psi) ? psi : null;
  }
}
