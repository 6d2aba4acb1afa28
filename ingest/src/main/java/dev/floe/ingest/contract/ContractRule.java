package dev.floe.ingest.contract;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One rule of a {@link Contract}. Which fields are set depends on {@link Kind}; {@code line} is
 * where the rule starts in its file (0 when built in code), so errors can point at it.
 *
 * @param column the column the rule is on; null for table rules (row count, last commit)
 * @param min lower bound (row count, null rate, range), inclusive; null when unbounded
 * @param max upper bound, inclusive; null when unbounded
 * @param maxAge freshness: the most the event-time column or last commit may lag "now"
 * @param values allowed values ({@link Kind#ALLOWED_VALUES})
 * @param pattern a regular expression a whole value must match ({@link Kind#REGEX})
 * @param type the Iceberg type name the column must have ({@link Kind#SCHEMA}); null for any
 * @param required whether the column must hold no nulls ({@link Kind#SCHEMA})
 * @param drift the baseline and limits of a {@link Kind#DRIFT} rule; null for other kinds
 * @param sketch the scope and limits of a {@code distinct}, {@code unique}, {@code quantiles} or
 *     {@code frequent_items} rule; null for other kinds
 */
public record ContractRule(
    Kind kind,
    Severity severity,
    String column,
    Double min,
    Double max,
    Duration maxAge,
    List<Object> values,
    String pattern,
    String type,
    boolean required,
    int line,
    DriftLimits drift,
    SketchLimits sketch) {
  public ContractRule {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    values = values == null ? List.of() : List.copyOf(values);
  }

  /**
   * Rule kinds, by where their answer comes from. {@link Source#METADATA} rules read only table
   * metadata and manifests (no data file); {@link Source#ROW} rules run on each written row through
   * {@link Contract#applyTo}. {@link Source#SKETCH} rules read the per-commit profiles (the
   * statistics files' sketches), no data file either.
   */
  public enum Kind {
    SCHEMA("schema", Source.METADATA),
    ROW_COUNT("row_count", Source.METADATA),
    FRESHNESS("freshness", Source.METADATA),
    LAST_COMMIT("last_commit", Source.METADATA),
    NULL_RATE("null_rate", Source.METADATA),
    /** Checked from the manifests' bounds and, through the writer, on every row. */
    RANGE("range", Source.METADATA),
    ALLOWED_VALUES("allowed_values", Source.ROW),
    REGEX("regex", Source.ROW),
    DRIFT("drift", Source.SKETCH),
    /** Distinct values (count or share of the non-null values), from the theta sketch. */
    DISTINCT("distinct", Source.SKETCH),
    /**
     * No key value twice in the commit (and, with scope table, none the table had before): from the
     * theta sketches while they are exact, else from the key column of the data (said so).
     */
    UNIQUE("unique", Source.SKETCH),
    /** Quantiles (p50, p99...) within bounds, from the KLL sketch. */
    QUANTILES("quantiles", Source.SKETCH),
    /** Allowed and required top values and value shares, from the frequent-items sketch. */
    FREQUENT_ITEMS("frequent_items", Source.SKETCH);

    private final String id;
    private final Source source;

    Kind(String id, Source source) {
      this.id = id;
      this.source = source;
    }

    /** The rule's name in a contract file. */
    public String id() {
      return id;
    }

    public Source source() {
      return source;
    }
  }

  /** Where a rule's answer comes from. */
  public enum Source {
    METADATA,
    ROW,
    SKETCH
  }

  /** How the rule reads in reports: {@code null_rate(label)}, {@code row_count}. */
  public String label() {
    return column == null ? kind.id() : kind.id() + "(" + column + ")";
  }
}
