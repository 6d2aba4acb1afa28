package dev.floe.ingest.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.Durations;
import dev.floe.catalog.exceptions.InvalidContractException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and checks the fields of one contract rule for {@link ContractParser}; every error names
 * the file, the rule's line and the rule. A limit outside its rule's domain (a rate outside [0, 1],
 * a negative count, a min above its max) is refused here: such a rule could never pass.
 */
final class ContractFields {
  private static final Set<String> COMMON = Set.of("rule", "severity", "description");
  private static final ObjectMapper VALUES = new ObjectMapper();

  private final String source;

  ContractFields(String source) {
    this.source = source;
  }

  /** The inclusive bounds of a row count, null rate or range rule; at least one is set. */
  record Bounds(Double min, Double max) {}

  /** The min and max of a bounded rule, checked against the rule's domain. */
  Bounds bounds(JsonNode node, ContractRule.Kind kind, int line, String label) {
    Double min = number(node, "min", line, label);
    Double max = number(node, "max", line, label);
    if (min == null && max == null) {
      throw error(line, label, "needs \"min\", \"max\" or both");
    }
    for (String field : List.of("min", "max")) {
      Double v = "min".equals(field) ? min : max;
      if (v == null) {
        continue;
      }
      if (kind == ContractRule.Kind.NULL_RATE && (v < 0 || v > 1)) {
        throw error(line, label, "\"" + field + "\" must be in [0, 1] (a share of rows): " + v);
      }
      if (kind == ContractRule.Kind.ROW_COUNT && v < 0) {
        throw error(line, label, "\"" + field + "\" must be 0 or more (a count): " + v);
      }
    }
    if (min != null && max != null && min > max) {
      throw error(line, label, "min " + min + " is above max " + max);
    }
    return new Bounds(min, max);
  }

  /** A whole number from 1 to {@link Integer#MAX_VALUE}, or null when absent. */
  Integer positiveInt(JsonNode node, String field, int line, String label) {
    JsonNode n = node.get(field);
    if (n == null) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
      throw error(
          line,
          label,
          "\"" + field + "\" must be a whole number from 1 to " + Integer.MAX_VALUE + ": " + n);
    }
    return n.asInt();
  }

  /** A limit above 0 and below {@code max} (or at it, when {@code atMax}); null when absent. */
  Double limit(JsonNode node, String field, int line, String label, double max, boolean atMax) {
    Double v = number(node, field, line, label);
    if (v != null && (v <= 0 || v > max || v == max && !atMax)) {
      String range = max == Double.MAX_VALUE ? "above 0" : "in (0, 1" + (atMax ? "]" : ")");
      throw error(line, label, "\"" + field + "\" must be " + range + ": " + v);
    }
    return v;
  }

  void checkFields(JsonNode node, Set<String> allowed, int line, String label) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name) && !COMMON.contains(name)) {
        throw error(line, label, "unknown field \"" + name + "\" (it takes " + allowed + ")");
      }
    }
  }

  Severity severity(JsonNode node, int line, String label) {
    if (!node.has("severity")) {
      return Severity.BLOCK;
    }
    String s = node.get("severity").asText().toUpperCase(Locale.ROOT);
    try {
      return Severity.valueOf(s);
    } catch (IllegalArgumentException e) {
      throw error(line, label, "severity must be warn or block, not " + node.get("severity"));
    }
  }

  String text(JsonNode node, String field, int line, String label) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw error(line, label, "needs \"" + field + "\" as a non-empty string");
    }
    return v.asText();
  }

  boolean bool(JsonNode node, String field, int line, String label) {
    if (!node.get(field).isBoolean()) {
      throw error(line, label, "\"" + field + "\" must be true or false");
    }
    return node.get(field).asBoolean();
  }

  Double number(JsonNode node, String field, int line, String label) {
    JsonNode v = node.get(field);
    if (v == null) {
      return null;
    }
    if (!v.isNumber()) {
      throw error(line, label, "\"" + field + "\" must be a number, not " + v);
    }
    return v.asDouble();
  }

  Duration duration(JsonNode node, String field, int line, String label) {
    String text = text(node, field, line, label);
    try {
      return Durations.parse(text);
    } catch (RuntimeException e) {
      throw error(line, label, "\"" + field + "\": " + e.getMessage());
    }
  }

  List<Object> values(JsonNode node, int line, String label) {
    JsonNode v = node.get("values");
    if (v == null || !v.isArray() || v.isEmpty()) {
      throw error(line, label, "needs \"values\" as a non-empty list");
    }
    List<Object> values = new ArrayList<>();
    v.forEach(e -> values.add(VALUES.convertValue(e, Object.class)));
    return values;
  }

  String pattern(JsonNode node, int line, String label) {
    String pattern = text(node, "pattern", line, label);
    try {
      Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw error(line, label, "bad pattern: " + e.getDescription());
    }
    return pattern;
  }

  InvalidContractException error(int line, String rule, String what) {
    return new InvalidContractException(
        "Invalid contract %s, line %d, rule %s: %s", source, line, rule, what);
  }
}
