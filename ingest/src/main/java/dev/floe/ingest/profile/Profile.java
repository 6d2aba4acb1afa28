package dev.floe.ingest.profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * Column profiles of some rows (a batch, a commit, a range of commits), by field id, in schema
 * order. Immutable: {@link #merge} returns the profile of both sets of rows; a column only one side
 * has (added by schema evolution) is kept as that side saw it.
 */
public record Profile(long rows, Map<Integer, ColumnProfile> columns) {
  public static final Profile EMPTY = new Profile(0, Map.of());

  public Profile {
    Objects.requireNonNull(columns, "columns");
    columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  /**
   * Profiles {@code rows} (generic records of {@code schema}) column by column: the top-level
   * primitive columns and {@code list<float>} columns; structs, maps and other lists are skipped.
   */
  public static Profile of(Schema schema, List<Record> rows) {
    Map<Integer, ColumnProfile> columns = new LinkedHashMap<>();
    List<Types.NestedField> fields = schema.columns();
    Object[] values = new Object[rows.size()];
    for (int pos = 0; pos < fields.size(); pos++) {
      Types.NestedField field = fields.get(pos);
      if (!ColumnProfiler.profiles(field.type())) {
        continue;
      }
      for (int row = 0; row < values.length; row++) {
        values[row] = rows.get(row).get(pos);
      }
      columns.put(field.fieldId(), ColumnProfiler.profile(field, values));
    }
    return new Profile(rows.size(), columns);
  }

  /**
   * Profiles one batch of Arrow vectors laid out as {@code
   * dev.floe.columnar.ArrowLayout.of(schema)} (matched by column name): the same columns and
   * sketches as {@link #of(Schema, List)}, read from the vectors' buffers. The root is only read;
   * the caller still owns and closes it.
   */
  public static Profile of(Schema schema, VectorSchemaRoot root) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(root, "root");
    return VectorProfiler.profile(schema, root);
  }

  /** The column named {@code name}, or null. */
  public ColumnProfile column(String name) {
    return columns.values().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  /** The profile of the rows of both. */
  public Profile merge(Profile other) {
    Map<Integer, ColumnProfile> merged = new LinkedHashMap<>(columns);
    other.columns.forEach((id, column) -> merged.merge(id, column, ColumnProfile::merge));
    return new Profile(rows + other.rows, merged);
  }
}
