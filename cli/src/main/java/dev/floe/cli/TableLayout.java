package dev.floe.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortField;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.types.Types;

/**
 * A table's shape as {@code table create} and {@code table evolve} print it: columns, partition
 * fields by source column name, sort order, data file format and location; one JSON document or a
 * few lines of text.
 */
final class TableLayout {
  private TableLayout() {}

  static Map<String, Object> json(String name, Table table) {
    Schema schema = table.schema();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", name);
    m.put("location", table.location());
    m.put("format", format(table));
    m.put("columns", schema.columns().stream().map(TableLayout::column).toList());
    m.put(
        "partition_fields",
        table.spec().fields().stream().map(f -> partitionField(schema, f)).toList());
    m.put(
        "sort_order", table.sortOrder().fields().stream().map(f -> sortField(schema, f)).toList());
    return m;
  }

  static void print(PrintWriter out, String verb, String name, Table table) {
    Map<String, Object> m = json(name, table);
    out.printf("%s table %s (%s) at %s%n", verb, name, m.get("format"), m.get("location"));
    out.println("Columns");
    table.schema().columns().forEach(c -> out.println("  " + c));
    out.printf("Partitioned by  %s%n", terms(m, "partition_fields"));
    out.printf("Sorted by       %s%n", terms(m, "sort_order"));
  }

  @SuppressWarnings("unchecked")
  private static String terms(Map<String, Object> m, String key) {
    List<Map<String, Object>> fields = (List<Map<String, Object>>) m.get(key);
    if (fields.isEmpty()) {
      return "-";
    }
    return String.join(", ", fields.stream().map(f -> (String) f.get("text")).toList());
  }

  private static String format(Table table) {
    return table
        .properties()
        .getOrDefault(
            TableProperties.DEFAULT_FILE_FORMAT, TableProperties.DEFAULT_FILE_FORMAT_DEFAULT)
        .toLowerCase(Locale.ROOT);
  }

  private static Map<String, Object> column(Types.NestedField column) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", column.fieldId());
    m.put("name", column.name());
    m.put("type", column.type().toString());
    m.put("required", column.isRequired());
    return m;
  }

  private static Map<String, Object> partitionField(Schema schema, PartitionField field) {
    String source = schema.findColumnName(field.sourceId());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", field.name());
    m.put("transform", field.transform().toString());
    m.put("source_column", source);
    m.put("text", term(field.transform().toString(), source));
    return m;
  }

  private static Map<String, Object> sortField(Schema schema, SortField field) {
    String source = schema.findColumnName(field.sourceId());
    String direction = field.direction().name().toLowerCase(Locale.ROOT);
    String nulls = field.nullOrder() == NullOrder.NULLS_FIRST ? "first" : "last";
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("transform", field.transform().toString());
    m.put("source_column", source);
    m.put("direction", direction);
    m.put("null_order", "nulls_" + nulls);
    m.put("text", term(field.transform().toString(), source) + " " + direction + " nulls " + nulls);
    return m;
  }

  /** {@code bucket[16]} of {@code id} as --partition-by takes it: {@code bucket(id, 16)}. */
  static String term(String transform, String column) {
    if ("identity".equals(transform)) {
      return column;
    }
    int bracket = transform.indexOf('[');
    return bracket < 0
        ? transform + "(" + column + ")"
        : transform.substring(0, bracket)
            + "("
            + column
            + ", "
            + transform.substring(bracket + 1, transform.length() - 1)
            + ")";
  }
}
