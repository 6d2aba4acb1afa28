package dev.floe.ingest;

import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.iceberg.Table;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * A check every row of a batch must pass, on one top-level column: {@code test} gets the value in
 * the table's Java type (null included) and returns whether it is acceptable.
 *
 * @param description names the rule in errors and dead letters, e.g. {@code "in [0, 100]"}
 */
public record RowRule(String column, Predicate<Object> test, String description) {
  public RowRule {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(description, "description");
  }

  /** Values between {@code min} and {@code max}, both included; null passes (see required). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  /** Refuses a rule on a column {@code table} does not have, naming the rule. */
  void checkColumnOf(Table table) {
    Preconditions.checkArgument(
        table.schema().findField(column) != null,
        "Invalid rule '%s': table %s has no column %s",
        description,
        table.name(),
        column);
  }

  static RowRule range(String column, Comparable<?> min, Comparable<?> max) {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    return new RowRule(
        column,
        value -> {
          if (value == null) {
            return true;
          }
          if (value instanceof Number n && min instanceof Number lo && max instanceof Number hi) {
            double d = n.doubleValue();
            return d >= lo.doubleValue() && d <= hi.doubleValue();
          }
          return ((Comparable) min).compareTo(value) <= 0
              && ((Comparable) max).compareTo(value) >= 0;
        },
        "in [" + min + ", " + max + "]");
  }

  /** Values in {@code values}; null passes (see required). */
  static RowRule allowedValues(String column, Set<?> values) {
    Set<?> allowed = Set.copyOf(values);
    return new RowRule(column, v -> v == null || allowed.contains(v), "one of " + allowed);
  }
}
