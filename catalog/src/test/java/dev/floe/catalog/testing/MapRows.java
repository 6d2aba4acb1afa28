package dev.floe.catalog.testing;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * Rows whose maps hold several entries in an order that is not their hash order: a map column, a
 * list of maps and a map in a struct. {@link #ordered} turns a row into nested lists with each map
 * as its entries in iteration order, so two rows compare equal only if their maps' orders agree (a
 * {@code Map}'s own {@code equals} ignores order).
 */
public final class MapRows {
  public static final Types.StructType POINT =
      Types.StructType.of(
          required(10, "x", Types.LongType.get()),
          optional(
              11,
              "labels",
              Types.MapType.ofOptional(12, 13, Types.IntegerType.get(), Types.StringType.get())));
  public static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(
              2,
              "attrs",
              Types.MapType.ofOptional(3, 4, Types.StringType.get(), Types.IntegerType.get())),
          optional(
              5,
              "steps",
              Types.ListType.ofOptional(
                  6, Types.MapType.ofRequired(7, 8, Types.StringType.get(), Types.LongType.get()))),
          optional(9, "point", POINT));

  private static final String[] WORDS = {"zeta", "alpha", "k7", "mu", "b", "omega", "delta", "x1"};

  private MapRows() {}

  /** {@code count} rows of {@link #SCHEMA} (or a schema with the same columns), ids from 0. */
  public static List<Record> rows(Schema schema, int count) {
    List<Record> rows = new ArrayList<>();
    for (long id = 0; id < count; id++) {
      Record row = GenericRecord.create(schema);
      row.setField("id", id);
      row.setField("attrs", id % 10 == 9 ? null : words(id, (int) (id % 7), 1));
      List<Map<String, Long>> steps = new ArrayList<>();
      for (int s = 0; s < id % 4; s++) {
        Map<String, Long> step = new LinkedHashMap<>();
        words(id + s, 2 + s, 3)
            .forEach((key, value) -> step.put(key, value == null ? -1L : value * 10L));
        steps.add(s == 1 && id % 3 == 0 ? null : step);
      }
      row.setField("steps", id % 11 == 5 ? null : steps);
      Record point = GenericRecord.create(POINT);
      point.setField("x", id);
      Map<Integer, String> labels = new LinkedHashMap<>();
      for (int l = (int) (id % 5); l > 0; l--) {
        labels.put(l * 37 % 101, l == 2 ? null : "l" + id); // descending-ish ints, not hash order
      }
      point.setField("labels", labels);
      row.setField("point", id % 13 == 4 ? null : point);
      rows.add(row);
    }
    return rows;
  }

  // n distinct words starting at a place that moves with the row, walking by an odd step.
  private static Map<String, Integer> words(long seed, int n, int step) {
    Map<String, Integer> map = new LinkedHashMap<>();
    int at = (int) (seed * 3 % WORDS.length);
    for (int i = 0; i < n; i++) {
      map.put(WORDS[(at + i * step) % WORDS.length], i == 2 ? null : (int) seed + i);
    }
    return map;
  }

  /** The row as nested lists, each map as its {@code [key, value]} entries in iteration order. */
  public static Object ordered(Object value) {
    if (value instanceof StructLike struct) {
      List<Object> fields = new ArrayList<>();
      for (int i = 0; i < struct.size(); i++) {
        fields.add(ordered(struct.get(i, Object.class)));
      }
      return fields;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(MapRows::ordered).toList();
    }
    if (value instanceof Map<?, ?> map) {
      List<Object> entries = new ArrayList<>();
      map.forEach((key, entry) -> entries.add(Arrays.asList(key, ordered(entry))));
      return entries;
    }
    return value;
  }

  /** {@link #ordered} of every row. */
  public static List<Object> ordered(List<Record> rows) {
    return rows.stream().map(MapRows::ordered).toList();
  }
}
