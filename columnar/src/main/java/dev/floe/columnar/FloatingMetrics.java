package dev.floe.columnar;

import org.apache.iceberg.FieldMetrics;

/**
 * Iceberg's float and double metrics builders count only the values they saw; its Parquet and ORC
 * writers add the nulls of an optional column themselves. Both columnar writers do it here.
 */
final class FloatingMetrics {
  private FloatingMetrics() {}

  static <T> FieldMetrics<T> withNulls(FieldMetrics<T> values, long nulls) {
    return new FieldMetrics<>(
        values.id(),
        values.valueCount() + nulls,
        nulls,
        values.nanValueCount(),
        values.lowerBound(),
        values.upperBound(),
        values.originalType());
  }
}
