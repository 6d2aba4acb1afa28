package dev.floe.ingest.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.ingest.contract.SketchLimits.Bound;
import dev.floe.ingest.contract.SketchLimits.QuantileBound;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the fields of the sketch rules ({@code distinct}, {@code unique}, {@code quantiles}, {@code
 * frequent_items}) for {@link ContractParser}. Limits that no data could meet (a share outside [0,
 * 1], a min above its max, a quantile outside p0..p100, a required value the allowed list refuses)
 * are refused here, naming the file, line and rule.
 */
final class SketchFields {
  // p50, p99, p99.9, p0, p100: a percentile.
  private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,3}(?:\\.\\d+)?)");

  private final ContractFields f;

  SketchFields(ContractFields fields) {
    this.f = fields;
  }

  /** The fields a sketch rule of {@code kind} takes, besides {@code rule}, {@code severity}. */
  static Set<String> fields(ContractRule.Kind kind, JsonNode node) {
    return switch (kind) {
      case DISTINCT -> Set.of("column", "scope", "min", "max", "min_ratio", "max_ratio");
      case UNIQUE -> Set.of("column", "scope");
      case FREQUENT_ITEMS -> Set.of("column", "scope", "allowed", "required", "share", "top");
      case QUANTILES -> {
        Set<String> names = new HashSet<>(Set.of("column", "scope"));
        node.fieldNames()
            .forEachRemaining(
                n -> {
                  if (PERCENTILE.matcher(n).matches()) {
                    names.add(n);
                  }
                });
        yield names;
      }
      default -> throw new IllegalArgumentException("not a sketch rule: " + kind);
    };
  }

  /** The count bounds of a {@code distinct} rule: counts 0 or more, either may be null. */
  Bound counts(JsonNode node, int line, String label) {
    Bound counts = bound(node, "min", "max", line, label, Double.MAX_VALUE);
    Bound ratio = bound(node, "min_ratio", "max_ratio", line, label, 1);
    if (counts.min() == null
        && counts.max() == null
        && ratio.min() == null
        && ratio.max() == null) {
      throw f.error(line, label, "needs a limit: \"min\", \"max\", \"min_ratio\" or \"max_ratio\"");
    }
    return counts;
  }

  SketchLimits limits(JsonNode node, ContractRule.Kind kind, int line, String label) {
    SketchLimits.Scope scope = scope(node, line, label);
    return switch (kind) {
      case DISTINCT ->
          new SketchLimits(
              scope,
              bound(node, "min_ratio", "max_ratio", line, label, 1),
              null,
              null,
              null,
              null,
              null);
      case UNIQUE -> new SketchLimits(scope, null, null, null, null, null, null);
      case QUANTILES ->
          new SketchLimits(scope, null, quantiles(node, line, label), null, null, null, null);
      case FREQUENT_ITEMS -> frequentItems(node, scope, line, label);
      default -> throw new IllegalArgumentException("not a sketch rule: " + kind);
    };
  }

  private SketchLimits.Scope scope(JsonNode node, int line, String label) {
    if (!node.has("scope")) {
      return SketchLimits.Scope.COMMIT;
    }
    String text = f.text(node, "scope", line, label);
    for (SketchLimits.Scope s : SketchLimits.Scope.values()) {
      if (s.id().equals(text)) {
        return s;
      }
    }
    throw f.error(line, label, "\"scope\" must be commit or table, not \"" + text + "\"");
  }

  private List<QuantileBound> quantiles(JsonNode node, int line, String label) {
    List<QuantileBound> bounds = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      Matcher m = PERCENTILE.matcher(name);
      if (!m.matches()) {
        continue;
      }
      java.math.BigDecimal percent = new java.math.BigDecimal(m.group(1));
      if (percent.compareTo(java.math.BigDecimal.valueOf(100)) > 0) {
        throw f.error(line, label, "\"" + name + "\" is no percentile (p0 to p100)");
      }
      JsonNode limits = node.get(name);
      if (!limits.isObject()) {
        throw f.error(line, label, "\"" + name + "\" must be an object with \"min\", \"max\"");
      }
      f.checkFields(limits, Set.of("min", "max"), line, label + " " + name);
      Bound bound = bound(limits, "min", "max", line, label + " " + name, Double.MAX_VALUE, true);
      if (bound.min() == null && bound.max() == null) {
        throw f.error(line, label, "\"" + name + "\" needs \"min\", \"max\" or both");
      }
      bounds.add(new QuantileBound(name, percent.movePointLeft(2).doubleValue(), bound));
    }
    if (bounds.isEmpty()) {
      throw f.error(line, label, "needs a quantile's bounds, e.g. \"p99\": {\"max\": 250}");
    }
    return bounds;
  }

  private SketchLimits frequentItems(
      JsonNode node, SketchLimits.Scope scope, int line, String label) {
    List<String> allowed = node.has("allowed") ? strings(node, "allowed", line, label) : null;
    List<String> required = node.has("required") ? strings(node, "required", line, label) : null;
    Map<String, Bound> shares = new LinkedHashMap<>();
    JsonNode share = node.get("share");
    if (share != null) {
      if (!share.isObject() || share.isEmpty()) {
        throw f.error(
            line, label, "\"share\" must map values to bounds, e.g. {\"click\": {\"max\": 0.5}}");
      }
      for (Iterator<String> it = share.fieldNames(); it.hasNext(); ) {
        String value = it.next();
        JsonNode limits = share.get(value);
        String of = label + " share of \"" + value + "\"";
        if (!limits.isObject()) {
          throw f.error(line, of, "must be an object with \"min\", \"max\"");
        }
        f.checkFields(limits, Set.of("min", "max"), line, of);
        Bound bound = bound(limits, "min", "max", line, of, 1);
        if (bound.min() == null && bound.max() == null) {
          throw f.error(line, of, "needs \"min\", \"max\" or both");
        }
        shares.put(value, bound);
      }
    }
    Integer top = f.positiveInt(node, "top", line, label);
    if (top != null && allowed == null) {
      throw f.error(line, label, "\"top\" limits \"allowed\", which is missing");
    }
    if (allowed != null) {
      for (String value : required == null ? List.<String>of() : required) {
        if (!allowed.contains(value)) {
          throw f.error(line, label, "requires \"" + value + "\", which \"allowed\" refuses");
        }
      }
    }
    if (allowed == null && required == null && shares.isEmpty()) {
      throw f.error(line, label, "needs a limit: \"allowed\", \"required\" or \"share\"");
    }
    return new SketchLimits(scope, null, null, allowed, required, shares, top);
  }

  private List<String> strings(JsonNode node, String field, int line, String label) {
    JsonNode v = node.get(field);
    if (!v.isArray() || v.isEmpty()) {
      throw f.error(line, label, "needs \"" + field + "\" as a non-empty list of strings");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw f.error(
            line, label, "\"" + field + "\" holds " + e + ": the sketch keeps strings only");
      }
      values.add(e.asText());
    }
    return values;
  }

  private Bound bound(JsonNode node, String lo, String hi, int line, String label, double top) {
    return bound(node, lo, hi, line, label, top, false);
  }

  /** Bounds in [0, top] (any number when {@code anySign}), lo not above hi. */
  private Bound bound(
      JsonNode node, String lo, String hi, int line, String label, double top, boolean anySign) {
    Double min = f.number(node, lo, line, label);
    Double max = f.number(node, hi, line, label);
    for (String field : List.of(lo, hi)) {
      Double v = field.equals(lo) ? min : max;
      if (v != null && !anySign && (v < 0 || v > top)) {
        String domain = top == 1 ? "in [0, 1] (a share)" : "0 or more (a count)";
        throw f.error(line, label, "\"" + field + "\" must be " + domain + ": " + v);
      }
    }
    if (min != null && max != null && min > max) {
      throw f.error(line, label, lo + " " + min + " is above " + hi + " " + max);
    }
    return new Bound(min, max);
  }
}
