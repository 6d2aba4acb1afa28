package dev.floe.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.iceberg.Schema;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.Types;

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

  /**
   * One rule per {@code floe.column.<name>.dimension} property of a table: values of list column
   * {@code name} have exactly that many elements; null passes (see required).
   */
  static List<RowRule> dimensions(Map<String, String> properties, Schema schema, String table) {
    List<RowRule> rules = new ArrayList<>();
    properties.forEach(
        (key, value) -> {
          if (key.startsWith(IngestProperties.COLUMN_PREFIX)
              && key.endsWith(IngestProperties.COLUMN_DIMENSION_SUFFIX)) {
            String column =
                key.substring(
                    IngestProperties.COLUMN_PREFIX.length(),
                    key.length() - IngestProperties.COLUMN_DIMENSION_SUFFIX.length());
            rules.add(dimension(key, value, schema.asStruct().field(column), table));
          }
        });
    return rules;
  }

  private static RowRule dimension(
      String key, String value, Types.NestedField field, String table) {
    Preconditions.checkArgument(
        field != null && field.type().isListType(),
        "Invalid %s of table %s: it names no top-level list column",
        key,
        table);
    Preconditions.checkArgument(
        value.trim().matches("[1-9][0-9]{0,8}"),
        "Invalid %s of table %s: %s (must be a whole number > 0)",
        key,
        table,
        value);
    int length = Integer.parseInt(value.trim());
    return new RowRule(
        field.name(),
        v -> v == null || ((List<?>) v).size() == length,
        String.format("length %d (table property %s)", length, key));
  }
}
