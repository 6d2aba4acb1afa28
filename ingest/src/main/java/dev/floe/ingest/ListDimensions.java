package dev.floe.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.Types;

/**
 * The lengths a table's {@code floe.column.<name>.dimension} properties declare for its top-level
 * list columns (embeddings). A list of another length does not fit its column, as a wrong-length
 * {@code fixed} value does not: the row fails conversion, naming the column and both lengths.
 */
record ListDimensions(Map<String, Integer> lengths) {
  ListDimensions {
    lengths = Map.copyOf(lengths);
  }

  /** The dimensions of {@code table}'s properties, checked against its schema. */
  static ListDimensions of(Map<String, String> properties, Schema schema, String table) {
    Map<String, Integer> lengths = new LinkedHashMap<>();
    String prefix = IngestProperties.COLUMN_PREFIX;
    String suffix = IngestProperties.COLUMN_DIMENSION_SUFFIX;
    properties.forEach(
        (key, value) -> {
          if (key.startsWith(prefix) && key.endsWith(suffix)) {
            String column = key.substring(prefix.length(), key.length() - suffix.length());
            Types.NestedField field = schema.asStruct().field(column);
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
            lengths.put(column, Integer.parseInt(value.trim()));
          }
        });
    return new ListDimensions(lengths);
  }

  boolean isEmpty() {
    return lengths.isEmpty();
  }

  /**
   * The first declared column whose list in {@code record} has another length, as {@code "column
   * 'x' has length 3 but ..."}; null if all fit (a null list fits: see required).
   */
  String mismatch(Record record) {
    for (Map.Entry<String, Integer> entry : lengths.entrySet()) {
      String column = entry.getKey();
      Object value = record.struct().field(column) == null ? null : record.getField(column);
      if (value instanceof List<?> list && list.size() != entry.getValue()) {
        return String.format(
            "column '%s' has length %d but the table declares dimension %d (%s%s%s)",
            column,
            list.size(),
            entry.getValue(),
            IngestProperties.COLUMN_PREFIX,
            column,
            IngestProperties.COLUMN_DIMENSION_SUFFIX);
      }
    }
    return null;
  }
}
