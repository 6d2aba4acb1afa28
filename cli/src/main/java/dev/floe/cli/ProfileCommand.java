package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import dev.floe.ingest.contract.Baseline;
import dev.floe.ingest.profile.Profile;
import dev.floe.ingest.profile.ProfileRange;
import dev.floe.ingest.profile.Profiles;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    description = {
      "Show a table's column profile: rows, nulls, NaNs, distinct values, min/max, quantiles,"
          + " frequent strings, embedding dimension and norms, merged from the per-commit"
          + " profiles Floe's writer keeps (floe.ingest.profile.enabled). No data file is read.",
      "With --diff REF2: the change from REF2 (the baseline) to TABLE, per column: PSI and the"
          + " Kolmogorov-Smirnov distance, the embedding mean shift, vanished categories."
    })
final class ProfileCommand implements Callable<Integer> {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "TABLE", description = "Table, optionally @branch or @tag.")
  String tableName;

  @Option(
      names = "--snapshot",
      paramLabel = "ID",
      description = "The profile as of this snapshot instead of the ref's head.")
  Long snapshotId;

  @Option(
      names = "--diff",
      paramLabel = "REF2",
      description =
          "Compare with the profile at this branch or tag of the same table; in nessie mode a"
              + " Nessie branch or tag (main: the catalog's default branch) is the table as"
              + " committed there.")
  String diff;

  @Override
  public Integer call() {
    try (Floe floe = catalog.openExisting()) {
      ResolvedTable resolved = floe.tables().resolve(tableName);
      Table table = resolved.table();
      Snapshot snapshot = snapshotId == null ? resolved.snapshot() : table.snapshot(snapshotId);
      if (snapshotId != null && snapshot == null) {
        throw new SnapshotNotFoundException(
            "Cannot profile %s: it has no snapshot %s", tableName, snapshotId);
      }
      Preconditions.checkArgument(
          snapshot != null, "Cannot profile %s: it has no snapshot yet", tableName);
      ProfileRange range = Profiles.of(table).forRange(null, snapshot.snapshotId());
      Profile profile = range.profile();
      if (diff == null) {
        show(snapshot, range);
        return 0;
      }
      Baseline other;
      try {
        other = Baseline.resolve(floe.tables(), resolved.name().identifier(), table, diff);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Cannot diff " + tableName + ": " + e.getMessage(), e);
      }
      ProfileRange baseRange = Profiles.of(other.table()).forRange(null, other.snapshotId());
      Profile baseline = baseRange.profile();
      ProfileDiff changes = new ProfileDiff(baseline, profile);
      if (output.json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table", tableName);
        m.put("snapshot_id", snapshot.snapshotId());
        m.put("baseline", diff);
        m.put("baseline_snapshot_id", other.snapshotId());
        m.put("coverage", coverage(range));
        m.put("baseline_coverage", coverage(baseRange));
        m.put("columns", changes.json());
        output.printJson(m);
      } else {
        output
            .out()
            .printf(
                "%s snapshot %d (%s rows%s) vs %s snapshot %d (%s rows%s)%n",
                tableName,
                snapshot.snapshotId(),
                Format.count(profile.rows()),
                expiredNote(range),
                other.label(),
                other.snapshotId(),
                Format.count(baseline.rows()),
                expiredNote(baseRange));
        changes.print(output.out());
      }
      return 0;
    }
  }

  private void show(Snapshot snapshot, ProfileRange range) {
    Profile profile = range.profile();
    if (output.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("table", tableName);
      m.put("snapshot_id", snapshot.snapshotId());
      m.put("rows", profile.rows());
      m.put("coverage", coverage(range));
      m.put("columns", ProfileView.json(profile));
      output.printJson(m);
    } else {
      output
          .out()
          .printf(
              "%s snapshot %d: %s rows%s%n",
              tableName, snapshot.snapshotId(), Format.count(profile.rows()), expiredNote(range));
      ProfileView.print(profile, output.out());
    }
  }

  /**
   * Said only when expiry cut the history: the rows are then those of the retained appends, not the
   * table's.
   */
  private static String expiredNote(ProfileRange range) {
    return range.historyExpired() ? " " + range.describe() : "";
  }

  static Map<String, Object> coverage(ProfileRange range) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("appends", range.appends());
    m.put("since", range.since() == null ? null : range.since().toString());
    m.put("history_expired", range.historyExpired());
    m.put("expired_before_snapshot_id", range.expiredBefore());
    return m;
  }
}
