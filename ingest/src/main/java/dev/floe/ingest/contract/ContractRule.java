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
    DriftLimits drift) {
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
    DRIFT("drift", Source.SKETCH);

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
