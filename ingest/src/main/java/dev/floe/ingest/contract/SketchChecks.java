package dev.floe.ingest.contract;

import dev.floe.ingest.contract.RuleResult.Status;
import dev.floe.ingest.contract.SketchLimits.Bound;
import dev.floe.ingest.contract.SketchLimits.QuantileBound;
import dev.floe.ingest.profile.ColumnProfile;
import dev.floe.ingest.profile.ProfileRange;
import dev.floe.ingest.profile.Profiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;

/**
 * Answers {@code distinct}, {@code quantiles} and {@code frequent_items} rules from the per-commit
 * profiles (no data file is read): the theta sketch, KLL and frequent-items sketches of the rows
 * the checked snapshot's newest append added, or of every append up to it ({@code "scope":
 * "table"}). A limit compares with the sketch's estimate and the message states the sketch's error
 * (exact, or its bounds), so a verdict near a limit is never mistaken for a certain one. A column
 * without the sketch a rule needs, or no profile, fails the rule naming why.
 */
final class SketchChecks {
  // Theta bounds at about 95% confidence (two standard deviations).
  private static final int STD_DEVS = 2;

  private final Table table;
  private final Snapshot snapshot;

  SketchChecks(Table table, Snapshot snapshot) {
    this.table = table;
    this.snapshot = snapshot;
  }

  /** The column's profile over the rule's scope, and how that scope reads in messages. */
  record Scoped(ColumnProfile column, String what) {}

  RuleResult check(ContractRule rule, Types.NestedField field) {
    Scoped scoped;
    try {
      scoped = scoped(table, snapshot, rule.sketch().scope(), field);
    } catch (IllegalStateException | IllegalArgumentException e) {
      return failed(rule, e.getMessage());
    }
    return switch (rule.kind()) {
      case DISTINCT -> distinct(rule, scoped);
      case QUANTILES -> quantiles(rule, scoped);
      case FREQUENT_ITEMS -> frequentItems(rule, scoped);
      default -> throw new IllegalArgumentException("not a sketch rule: " + rule.kind());
    };
  }

  /**
   * The profile of {@code field} over {@code scope}; throws {@link IllegalStateException} naming
   * what is missing (no append, no profile, a delete in the range).
   */
  static Scoped scoped(
      Table table, Snapshot snapshot, SketchLimits.Scope scope, Types.NestedField field) {
    String at = table.name() + " snapshot " + snapshot.snapshotId();
    ColumnProfile column;
    String what;
    if (scope == SketchLimits.Scope.COMMIT) {
      Snapshot append = DriftChecks.newestAppend(table, snapshot);
      if (append == null) {
        throw new IllegalStateException(at + " has no append below it");
      }
      column = Profiles.of(table).atSnapshot(append.snapshotId()).columns().get(field.fieldId());
      what = table.name() + " append " + append.snapshotId();
    } else {
      ProfileRange range = Profiles.of(table).forRange(null, snapshot.snapshotId());
      column = range.profile().columns().get(field.fieldId());
      what = at + " (table, " + range.describe() + ")";
    }
    if (column == null) {
      throw new IllegalStateException("the profile of " + at + " has no column " + field.name());
    }
    return new Scoped(column, what);
  }

  private RuleResult distinct(ContractRule rule, Scoped scoped) {
    ColumnProfile c = scoped.column();
    CompactSketch theta = c.theta();
    if (theta == null) {
      return failed(rule, scoped.what() + ": column type " + c.type() + " keeps no theta sketch");
    }
    long values = c.rows() - c.nulls() - c.nans();
    double estimate = theta.getEstimate();
    double lower = theta.getLowerBound(STD_DEVS);
    double upper = theta.getUpperBound(STD_DEVS);
    boolean exact = !theta.isEstimationMode();
    Bound counts = new Bound(rule.min(), rule.max());
    Bound ratios = rule.sketch().ratio();
    List<String> broken = new ArrayList<>();
    List<String> limits = new ArrayList<>();
    boolean nearLimit = false;
    if (counts.min() != null || counts.max() != null) {
      limits.add("count " + counts);
      if (!counts.contains(estimate)) {
        broken.add("count");
      }
      nearLimit |= !exact && straddles(counts, lower, upper);
    }
    if (ratios != null && (ratios.min() != null || ratios.max() != null)) {
      limits.add("ratio " + ratios);
      if (values == 0) {
        broken.add("ratio of no values");
      } else if (!ratios.contains(estimate / values)) {
        broken.add("ratio");
      }
      nearLimit |= values > 0 && !exact && straddles(ratios, lower / values, upper / values);
    }
    String found =
        String.format(
            Locale.ROOT,
            "%s: %,.0f distinct of %,d non-null values (ratio %s; %s), expected %s%s",
            scoped.what(),
            estimate,
            values,
            values == 0 ? "none" : String.format(Locale.ROOT, "%.4f", estimate / values),
            exact
                ? "exact: the theta sketch holds every value's hash"
                : String.format(
                    Locale.ROOT, "theta estimate, 95%% bounds %,.0f to %,.0f", lower, upper),
            String.join(", ", limits),
            nearLimit ? " (a limit lies within the sketch's error)" : "");
    return result(rule, broken.isEmpty(), found);
  }

  private static boolean straddles(Bound bound, double lower, double upper) {
    return bound.min() != null && bound.min() > lower && bound.min() <= upper
        || bound.max() != null && bound.max() >= lower && bound.max() < upper;
  }

  private RuleResult quantiles(ContractRule rule, Scoped scoped) {
    ColumnProfile c = scoped.column();
    KllDoublesSketch kll = c.quantiles();
    if (kll == null) {
      return failed(
          rule,
          scoped.what()
              + ": column type "
              + c.type()
              + " keeps no quantiles (numbers, dates, times and timestamps do)");
    }
    if (kll.isEmpty()) {
      return failed(rule, scoped.what() + ": no non-null values");
    }
    List<String> broken = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (QuantileBound q : rule.sketch().quantiles()) {
      double value = kll.getQuantile(q.rank());
      String text =
          String.format(
              Locale.ROOT,
              "%s %s (between %s and %s) expected %s",
              q.label(),
              number(value),
              number(kll.getQuantileLowerBound(q.rank())),
              number(kll.getQuantileUpperBound(q.rank())),
              q.bound());
      (q.bound().contains(value) ? kept : broken).add(text);
    }
    List<String> all = new ArrayList<>(broken);
    all.addAll(kept);
    String exact = kll.isEstimationMode() ? "" : ", exact";
    return result(
        rule,
        broken.isEmpty(),
        String.format(
            Locale.ROOT,
            "%s: %s (KLL over %,d values, rank error %.2f%%%s)",
            scoped.what(),
            String.join(", ", all),
            kll.getN(),
            kll.getNormalizedRankError(false) * 100,
            exact));
  }

  private RuleResult frequentItems(ContractRule rule, Scoped scoped) {
    ColumnProfile c = scoped.column();
    ItemsSketch<String> items = c.frequent();
    if (items == null) {
      return failed(
          rule, scoped.what() + ": column type " + c.type() + " keeps no frequent items (strings)");
    }
    long n = items.getStreamLength();
    long error = items.getMaximumError();
    SketchLimits limits = rule.sketch();
    List<String> broken = new ArrayList<>();
    List<String> found = new ArrayList<>();
    if (!limits.allowed().isEmpty()) {
      ItemsSketch.Row<String>[] rows = items.getFrequentItems(ErrorType.NO_FALSE_POSITIVES);
      int top = limits.top() == null ? rows.length : Math.min(limits.top(), rows.length);
      List<String> others = new ArrayList<>();
      for (int i = 0; i < top; i++) {
        if (!limits.allowed().contains(rows[i].getItem())) {
          others.add(rows[i].getItem() + " (" + share(rows[i].getEstimate(), n) + ")");
        }
      }
      String scope = limits.top() == null ? "values" : "top " + limits.top() + " values";
      (others.isEmpty() ? found : broken)
          .add(
              others.isEmpty()
                  ? scope + " all allowed"
                  : scope + " not allowed: " + String.join(", ", others));
    }
    for (String value : limits.required()) {
      if (items.getLowerBound(value) > 0) {
        found.add("\"" + value + "\" present (" + share(items.getEstimate(value), n) + ")");
      } else {
        broken.add(
            error == 0
                ? "required \"" + value + "\" absent"
                : "required \"" + value + "\" not seen (it may occur up to " + error + " times)");
      }
    }
    limits
        .shares()
        .forEach(
            (value, bound) -> {
              double share = n == 0 ? 0 : (double) items.getEstimate(value) / n;
              String text =
                  "share of \""
                      + value
                      + "\" "
                      + String.format(Locale.ROOT, "%.4f", share)
                      + (error == 0
                          ? ""
                          : String.format(
                              Locale.ROOT,
                              " (between %.4f and %.4f)",
                              (double) items.getLowerBound(value) / Math.max(1, n),
                              (double) items.getUpperBound(value) / Math.max(1, n)))
                      + " expected "
                      + bound;
              (bound.contains(share) ? found : broken).add(text);
            });
    List<String> all = new ArrayList<>(broken);
    all.addAll(found);
    String accuracy =
        error == 0
            ? "counts exact"
            : "counts within " + error + " of " + n + "; rarer values are not seen";
    return result(
        rule,
        broken.isEmpty(),
        String.format(
            Locale.ROOT,
            "%s: %s (frequent items over %,d values, %s)",
            scoped.what(),
            String.join(", ", all),
            n,
            accuracy));
  }

  private static String share(long count, long n) {
    return String.format(Locale.ROOT, "share %.4f", n == 0 ? 0 : (double) count / n);
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? String.format(Locale.ROOT, "%d", (long) v)
        : String.format(Locale.ROOT, "%.6g", v);
  }

  private static RuleResult result(ContractRule rule, boolean ok, String message) {
    return new RuleResult(rule, ok ? Status.PASSED : Status.FAILED, message);
  }

  private static RuleResult failed(ContractRule rule, String message) {
    return new RuleResult(rule, Status.FAILED, message);
  }
}
