package dev.floe.cli;

import dev.floe.ingest.profile.ColumnProfile;
import dev.floe.ingest.profile.Profile;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.iceberg.transforms.Transforms;
import org.apache.iceberg.types.Type;

/**
 * A profile for people (a {@link TextTable}) and for scripts ({@code --json}, in docs/json.md).
 * Values show as Iceberg writes them in partition paths: timestamps and dates as ISO text.
 */
final class ProfileView {
  static final double[] RANKS = {0.01, 0.25, 0.5, 0.75, 0.99};
  private static final String[] RANK_NAMES = {"p01", "p25", "p50", "p75", "p99"};

  private ProfileView() {}

  static void print(Profile profile, PrintWriter out) {
    TextTable table =
        new TextTable()
            .text("column", "type")
            .number("rows", "nulls", "nans", "distinct")
            .text("min", "p50", "max", "notes");
    for (ColumnProfile c : profile.columns().values()) {
      table.row(
          c.name(),
          c.type().toString(),
          Format.count(c.rows()),
          Format.count(c.nulls()),
          Format.count(c.nans()),
          c.ndv() < 0 ? "" : Format.count(c.ndv()),
          human(c.type(), c.min()),
          quantileText(c.type(), c.quantile(0.5)),
          human(c.type(), c.max()),
          notes(c));
    }
    table.print(out);
  }

  private static String notes(ColumnProfile c) {
    if (c.norms() != null) {
      return String.format(
          Locale.ROOT,
          "dimension %s, norm p50 %s",
          c.dimension() == -2 ? "mixed" : c.dimension(),
          number(c.normQuantile(0.5)));
    }
    ItemsSketch.Row<String>[] top = c.frequentItems();
    if (top == null || top.length == 0) {
      return "";
    }
    List<String> items = new ArrayList<>();
    long values = Math.max(1, c.rows() - c.nulls());
    for (int i = 0; i < Math.min(3, top.length); i++) {
      items.add(
          String.format(
              Locale.ROOT, "%s %.0f%%", top[i].getItem(), 100.0 * top[i].getEstimate() / values));
    }
    return "top: " + String.join(", ", items);
  }

  static List<Map<String, Object>> json(Profile profile) {
    List<Map<String, Object>> columns = new ArrayList<>();
    for (ColumnProfile c : profile.columns().values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("column", c.name());
      m.put("type", c.type().toString());
      m.put("rows", c.rows());
      m.put("nulls", c.nulls());
      m.put("nans", c.nans());
      m.put("distinct", c.ndv() < 0 ? null : c.ndv());
      m.put("min", jsonValue(c.type(), c.min()));
      m.put("max", jsonValue(c.type(), c.max()));
      if (c.quantiles() != null) {
        m.put("quantiles", quantiles(c.type(), c::quantile));
      }
      if (c.frequent() != null) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (ItemsSketch.Row<String> row : c.frequentItems()) {
          items.add(Map.of("item", row.getItem(), "estimate", row.getEstimate()));
        }
        m.put("frequent", items);
      }
      if (c.norms() != null) {
        m.put("dimension", c.dimension());
        m.put("norm_quantiles", quantiles(null, c::normQuantile));
        // No list without null or NaN elements: no means (NaN is not JSON).
        m.put("dimension_means", c.dimensionRows() == 0 ? null : c.dimensionMeans());
      }
      columns.add(m);
    }
    return columns;
  }

  private static Map<String, Object> quantiles(
      Type type, java.util.function.DoubleUnaryOperator quantile) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < RANKS.length; i++) {
      double q = quantile.applyAsDouble(RANKS[i]);
      m.put(RANK_NAMES[i], Double.isNaN(q) ? null : temporal(type) ? quantileText(type, q) : q);
    }
    return m;
  }

  private static Object jsonValue(Type type, Object value) {
    if (value == null) {
      return null;
    }
    return value instanceof Number && !temporal(type) ? value : human(type, value);
  }

  static boolean temporal(Type type) {
    return type != null
        && switch (type.typeId()) {
          case DATE, TIME, TIMESTAMP, TIMESTAMP_NANO -> true;
          default -> false;
        };
  }

  /** A quantile (a double) as the column's values read: a timestamp for a timestamp column. */
  static String quantileText(Type type, double q) {
    if (Double.isNaN(q)) {
      return "";
    }
    if (temporal(type)) {
      long whole = Math.round(q);
      return human(type, type.typeId() == Type.TypeID.DATE ? (Object) (int) whole : whole);
    }
    return number(q);
  }

  static String number(double v) {
    return Double.isNaN(v)
        ? ""
        : String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
  }

  static String human(Type type, Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double || value instanceof Float) {
      return number(((Number) value).doubleValue());
    }
    return Transforms.identity().toHumanString(type, value);
  }
}
