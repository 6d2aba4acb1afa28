package dev.floe.ingest.contract;

import dev.floe.catalog.FloeTables;
import dev.floe.ingest.contract.RuleResult.Status;
import dev.floe.ingest.profile.ColumnProfile;
import dev.floe.ingest.profile.Drift;
import dev.floe.ingest.profile.Profile;
import dev.floe.ingest.profile.ProfileRange;
import dev.floe.ingest.profile.Profiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Answers {@code drift} rules from per-commit profiles (the sketches in the statistics files; no
 * data file is read). The current side is the profile of the rows the checked snapshot's newest
 * append added (a compaction on top is looked through); the baseline is the merged profile of a
 * branch or tag (all its appends; in nessie mode a Nessie reference's, see {@link Baseline}) or of
 * the appends right before the current one. Any limit broken fails the rule; a limit the column's
 * type cannot answer, or a missing profile, fails it too, naming why: a drift rule never passes
 * without having compared.
 */
final class DriftChecks {
  private final Table table;
  private final Snapshot snapshot;
  private final String baselineOverride;
  private final FloeTables tables;
  private final TableIdentifier name;

  DriftChecks(
      Table table,
      Snapshot snapshot,
      String baselineOverride,
      FloeTables tables,
      TableIdentifier name) {
    this.table = table;
    this.snapshot = snapshot;
    this.baselineOverride = baselineOverride;
    this.tables = tables;
    this.name = name;
  }

  RuleResult check(ContractRule rule, Types.NestedField field) {
    DriftLimits limits = rule.drift();
    try {
      Profiles profiles = Profiles.of(table);
      Snapshot current = newestAppend(table, snapshot);
      if (current == null) {
        return failed(rule, "snapshot " + snapshot.snapshotId() + " has no append below it");
      }
      ColumnProfile now = column(profiles.atSnapshot(current.snapshotId()), field, current);
      String ref = baselineOverride != null ? baselineOverride : limits.baseline();
      Profile base;
      String against;
      if (ref != null) {
        Baseline at = Baseline.resolve(tables, name, table, ref);
        ProfileRange range = Profiles.of(at.table()).forRange(null, at.snapshotId());
        base = range.profile();
        // A baseline whose older history expired is not the whole table: the message says so.
        against =
            "baseline "
                + at.label()
                + (range.historyExpired() ? " (" + range.describe() + ")" : "");
      } else if (limits.baselineCommits() != null) {
        List<Long> before = appendsBefore(current, limits.baselineCommits());
        if (before.isEmpty()) {
          return failed(
              rule, "no append before snapshot " + current.snapshotId() + " to compare with");
        }
        base = Profile.EMPTY;
        for (long id : before) {
          base = base.merge(profiles.atSnapshot(id));
        }
        against = "baseline the " + before.size() + " append(s) before it";
      } else {
        return failed(
            rule,
            "no baseline: give \"baseline\" or \"baseline_commits\" in the contract, or a baseline"
                + " ref to the check (--baseline)");
      }
      ColumnProfile then = base.columns().get(field.fieldId());
      if (then == null) {
        return failed(rule, "the " + against + " has no profile of " + field.name());
      }
      return compare(
          rule, limits, then, now, "snapshot " + current.snapshotId() + " vs " + against);
    } catch (IllegalStateException | IllegalArgumentException e) {
      return failed(rule, e.getMessage());
    }
  }

  private RuleResult compare(
      ContractRule rule, DriftLimits limits, ColumnProfile then, ColumnProfile now, String what) {
    boolean vector = now.norms() != null;
    List<String> found = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    if (limits.psi() != null || limits.ksPValue() != null) {
      var a = vector ? then.norms() : then.quantiles();
      var b = vector ? now.norms() : now.quantiles();
      String of = vector ? "norm " : "";
      if (a == null || b == null || a.isEmpty() || b.isEmpty()) {
        broken.add(
            (a == null ? "no quantiles for " + now.type() : "no values on one side")
                + " (psi and ks_p_value need numbers, dates, timestamps or list<float>)");
      } else {
        if (limits.psi() != null) {
          double psi = Drift.psi(a, b);
          note(found, broken, psi > limits.psi(), of + "PSI %.4f (max %s)", psi, limits.psi());
        }
        if (limits.ksPValue() != null) {
          double d = Drift.ksDistance(a, b);
          double threshold = Drift.ksThreshold(a, b, limits.ksPValue());
          note(
              found,
              broken,
              d > threshold,
              of + "KS D %.4f (threshold %.4f at p %s)",
              d,
              threshold,
              limits.ksPValue());
        }
      }
    }
    if (limits.meanShift() != null) {
      Drift.MeanShift shift = Drift.meanShift(then, now);
      if (shift == null) {
        broken.add("no per-dimension means on both sides (mean_shift needs list<float>)");
      } else {
        note(
            found,
            broken,
            shift.sigmas() > limits.meanShift(),
            "mean shift %.3f sigma at dimension %d (max %s)",
            shift.sigmas(),
            shift.dimension(),
            limits.meanShift());
      }
    }
    if (limits.vanishedShare() != null) {
      if (now.frequent() == null || then.frequent() == null) {
        broken.add("no frequent items (vanished_share needs a string column)");
      } else if (Drift.tooFewForCategories(now, limits.vanishedShare())) {
        broken.add(
            String.format(
                Locale.ROOT,
                "too few values (%d) to tell a vanished category of share %s",
                now.rows() - now.nulls(),
                limits.vanishedShare()));
      } else {
        List<String> gone = Drift.vanished(then, now, limits.vanishedShare());
        note(found, broken, !gone.isEmpty(), "vanished categories %s", gone);
      }
    }
    List<String> all = new ArrayList<>(broken);
    all.addAll(found);
    String message = what + ": " + String.join(", ", all);
    return new RuleResult(rule, broken.isEmpty() ? Status.PASSED : Status.FAILED, message);
  }

  private static void note(
      List<String> found, List<String> broken, boolean isBroken, String format, Object... args) {
    (isBroken ? broken : found).add(String.format(Locale.ROOT, format, args));
  }

  private ColumnProfile column(Profile profile, Types.NestedField field, Snapshot at) {
    ColumnProfile column = profile.columns().get(field.fieldId());
    if (column == null) {
      throw new IllegalStateException(
          "the profile of snapshot " + at.snapshotId() + " has no column " + field.name());
    }
    return column;
  }

  /** The snapshot itself if an append, else its nearest append ancestor through compactions. */
  static Snapshot newestAppend(Table table, Snapshot from) {
    for (Snapshot s : SnapshotUtil.ancestorsOf(from.snapshotId(), table::snapshot)) {
      if (DataOperations.APPEND.equals(s.operation())) {
        return s;
      }
      if (!DataOperations.REPLACE.equals(s.operation())) {
        return null;
      }
    }
    return null;
  }

  /** Up to {@code count} appends before {@code current}, newest first, through compactions. */
  private List<Long> appendsBefore(Snapshot current, int count) {
    List<Long> ids = new ArrayList<>();
    Long id = current.parentId();
    for (Snapshot s = id == null ? null : table.snapshot(id); s != null && ids.size() < count; ) {
      if (DataOperations.APPEND.equals(s.operation())) {
        ids.add(s.snapshotId());
      } else if (!DataOperations.REPLACE.equals(s.operation())) {
        break; // deletes and overwrites: profiles cannot subtract rows
      }
      s = s.parentId() == null ? null : table.snapshot(s.parentId());
    }
    return ids;
  }

  /**
   * The largest value of a date or timestamp column over every append up to {@code snapshot}, from
   * the per-commit profiles; null when a commit has no profile or the history holds a delete.
   */
  static Long newestFromProfiles(Table table, Snapshot snapshot, Types.NestedField field) {
    try {
      ColumnProfile column =
          Profiles.of(table)
              .forRange(null, snapshot.snapshotId())
              .profile()
              .columns()
              .get(field.fieldId());
      return column == null || column.max() == null ? null : ((Number) column.max()).longValue();
    } catch (IllegalStateException | IllegalArgumentException e) {
      return null;
    }
  }

  private static RuleResult failed(ContractRule rule, String message) {
    return new RuleResult(rule, Status.FAILED, message);
  }
}
