package dev.floe.ingest.contract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The scope and limits of a sketch rule ({@code distinct}, {@code unique}, {@code quantiles},
 * {@code frequent_items}); a {@code distinct} rule's count limits are the rule's own {@code
 * min}/{@code max}. Fields a kind does not take are null or empty.
 *
 * @param scope which rows the rule looks at
 * @param ratio {@code distinct}: distinct values over non-null values; null when not limited
 * @param quantiles {@code quantiles}: the bounds of each quantile, in contract order
 * @param allowed {@code frequent_items}: every value frequent enough for the sketch to report it
 *     (or every one of the {@code top} most frequent) must be one of these; empty: any
 * @param required {@code frequent_items}: values that must occur
 * @param shares {@code frequent_items}: bounds of a value's share of the non-null values
 * @param top {@code frequent_items}: how many of the most frequent values {@code allowed} covers;
 *     null: all the sketch reports
 */
public record SketchLimits(
    Scope scope,
    Bound ratio,
    List<QuantileBound> quantiles,
    List<String> allowed,
    List<String> required,
    Map<String, Bound> shares,
    Integer top) {
  public SketchLimits {
    Objects.requireNonNull(scope, "scope");
    quantiles = quantiles == null ? List.of() : List.copyOf(quantiles);
    allowed = allowed == null ? List.of() : List.copyOf(allowed);
    required = required == null ? List.of() : List.copyOf(required);
    shares = shares == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(shares));
  }

  /** Which rows a sketch rule looks at. */
  public enum Scope {
    /** The rows the checked snapshot's newest append added (compactions on top looked through). */
    COMMIT,
    /**
     * {@code distinct}, {@code quantiles}, {@code frequent_items}: every append up to the checked
     * snapshot, merged. {@code unique}: the commit, and no key of it already in the table.
     */
    TABLE;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Inclusive bounds; null: unbounded on that side. */
  public record Bound(Double min, Double max) {
    public boolean contains(double value) {
      return (min == null || value >= min) && (max == null || value <= max);
    }

    @Override
    public String toString() {
      return "[" + (min == null ? "-inf" : min) + ", " + (max == null ? "inf" : max) + "]";
    }
  }

  /**
   * The bounds of one quantile.
   *
   * @param label as the contract names it: {@code p50}, {@code p99.9}
   * @param rank the quantile's normalized rank, 0..1 ({@code p99}: 0.99)
   */
  public record QuantileBound(String label, double rank, Bound bound) {
    public QuantileBound {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(bound, "bound");
    }
  }
}
