package dev.floe.ingest.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.Durations;
import dev.floe.catalog.exceptions.InvalidContractException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a contract file (JSON, shaped after the Open Data Contract Standard: a {@code columns} list
 * of schema expectations and a {@code rules} list of quality rules). Other top-level fields ({@code
 * apiVersion}, {@code kind}, {@code id}, {@code description}...) are allowed and ignored; a field a
 * rule does not know is refused, so a typo never turns a rule off. Errors name file, line and rule.
 */
final class ContractParser {
  // A key given twice must not let the last value win unseen (a "max" of 100 then 1e9).
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Set<String> COMMON = Set.of("rule", "severity", "description");
  private static final Set<String> LATER =
      Set.of("distinct", "unique", "quantiles", "psi", "frequent_items");

  private final String source;

  private ContractParser(String source) {
    this.source = source;
  }

  static Contract parse(String text, String source) {
    return new ContractParser(source).parse(text);
  }

  private Contract parse(String text) {
    String table = null;
    List<ContractRule> rules = new ArrayList<>();
    try (JsonParser p = MAPPER.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw error(line(p), "contract", "expected a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("table".equals(field)) {
          if (value != JsonToken.VALUE_STRING) {
            throw error(line(p), "table", "expected the table's name as a string");
          }
          table = p.getText();
        } else if ("columns".equals(field) || "rules".equals(field)) {
          readList(p, field, rules);
        } else {
          p.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      throw new InvalidContractException(
          e,
          "Invalid contract %s, line %d: %s",
          source,
          e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read contract " + source, e);
    }
    return new Contract(table, rules);
  }

  private void readList(JsonParser p, String field, List<ContractRule> into) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw error(line(p), field, "expected a list of objects");
    }
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      int line = line(p);
      if (t != JsonToken.START_OBJECT) {
        throw error(line, field, "expected an object, found " + p.getText());
      }
      JsonNode node = p.readValueAsTree();
      into.add("columns".equals(field) ? column(node, line) : rule(node, line));
    }
  }

  private ContractRule column(JsonNode node, int line) {
    String name = text(node, "name", line, "column");
    String label = "column " + name;
    checkFields(node, Set.of("name", "type", "required", "severity", "description"), line, label);
    String type = node.has("type") ? text(node, "type", line, label) : null;
    boolean required = node.has("required") && bool(node, "required", line, label);
    return new ContractRule(
        ContractRule.Kind.SCHEMA,
        severity(node, line, label),
        name,
        null,
        null,
        null,
        null,
        null,
        type,
        required,
        line,
        null);
  }

  private ContractRule rule(JsonNode node, int line) {
    String id = text(node, "rule", line, "rule");
    ContractRule.Kind kind =
        Arrays.stream(ContractRule.Kind.values())
            .filter(k -> k.id().equals(id) && k != ContractRule.Kind.SCHEMA)
            .findFirst()
            .orElseThrow(() -> unknown(id, line));
    String label = node.has("column") ? id + "(" + node.get("column").asText() + ")" : id;
    Set<String> fields =
        switch (kind) {
          case ROW_COUNT -> Set.of("min", "max");
          case FRESHNESS -> Set.of("column", "max_lag");
          case LAST_COMMIT -> Set.of("max_age");
          case NULL_RATE, RANGE -> Set.of("column", "min", "max");
          case ALLOWED_VALUES -> Set.of("column", "values");
          case REGEX -> Set.of("column", "pattern");
          case DRIFT -> DriftLimits.FIELDS;
          case SCHEMA -> Set.of();
        };
    checkFields(node, fields, line, label);
    String column = fields.contains("column") ? text(node, "column", line, label) : null;
    Double min = number(node, "min", line, label);
    Double max = number(node, "max", line, label);
    if (fields.contains("min") && min == null && max == null) {
      throw error(line, label, "needs \"min\", \"max\" or both");
    }
    if (min != null && max != null && min > max) {
      throw error(line, label, "min " + min + " is above max " + max);
    }
    Duration maxAge =
        switch (kind) {
          case FRESHNESS -> duration(node, "max_lag", line, label);
          case LAST_COMMIT -> duration(node, "max_age", line, label);
          default -> null;
        };
    List<Object> values =
        kind == ContractRule.Kind.ALLOWED_VALUES ? values(node, line, label) : null;
    String pattern = kind == ContractRule.Kind.REGEX ? pattern(node, line, label) : null;
    return new ContractRule(
        kind,
        severity(node, line, label),
        column,
        min,
        max,
        maxAge,
        values,
        pattern,
        null,
        false,
        line,
        kind == ContractRule.Kind.DRIFT ? drift(node, line, label) : null);
  }

  private DriftLimits drift(JsonNode node, int line, String label) {
    if (node.has("baseline") && node.has("baseline_commits")) {
      throw error(line, label, "takes \"baseline\" or \"baseline_commits\", not both");
    }
    String baseline = node.has("baseline") ? text(node, "baseline", line, label) : null;
    Integer commits = null;
    if (node.has("baseline_commits")) {
      JsonNode n = node.get("baseline_commits");
      if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
        throw error(line, label, "\"baseline_commits\" must be a whole number of 1 or more");
      }
      commits = n.asInt();
    }
    Double psi = limit(node, "psi", line, label, Double.MAX_VALUE);
    Double ks = limit(node, "ks_p_value", line, label, 1);
    Double shift = limit(node, "mean_shift", line, label, Double.MAX_VALUE);
    Double share = limit(node, "vanished_share", line, label, 1);
    if (psi == null && ks == null && shift == null && share == null) {
      throw error(
          line,
          label,
          "needs a limit: \"psi\", \"ks_p_value\", \"mean_shift\" or \"vanished_share\"");
    }
    return new DriftLimits(baseline, commits, psi, ks, shift, share);
  }

  /** A limit above 0 and below {@code max} (or at it, when {@code atMax}); null when absent. */
  private Double limit(JsonNode node, String field, int line, String label, double max) {
    Double v = number(node, field, line, label);
    boolean atMax = "vanished_share".equals(field);
    if (v != null && (v <= 0 || v > max || v == max && !atMax)) {
      String range = max == Double.MAX_VALUE ? "above 0" : "in (0, 1" + (atMax ? "]" : ")");
      throw error(line, label, "\"" + field + "\" must be " + range + ": " + v);
    }
    return v;
  }

  private void checkFields(JsonNode node, Set<String> allowed, int line, String label) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name) && !COMMON.contains(name)) {
        throw error(line, label, "unknown field \"" + name + "\" (it takes " + allowed + ")");
      }
    }
  }

  private Severity severity(JsonNode node, int line, String label) {
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

  private String text(JsonNode node, String field, int line, String label) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw error(line, label, "needs \"" + field + "\" as a non-empty string");
    }
    return v.asText();
  }

  private boolean bool(JsonNode node, String field, int line, String label) {
    if (!node.get(field).isBoolean()) {
      throw error(line, label, "\"" + field + "\" must be true or false");
    }
    return node.get(field).asBoolean();
  }

  private Double number(JsonNode node, String field, int line, String label) {
    JsonNode v = node.get(field);
    if (v == null) {
      return null;
    }
    if (!v.isNumber()) {
      throw error(line, label, "\"" + field + "\" must be a number, not " + v);
    }
    return v.asDouble();
  }

  private Duration duration(JsonNode node, String field, int line, String label) {
    String text = text(node, field, line, label);
    try {
      return Durations.parse(text);
    } catch (RuntimeException e) {
      throw error(line, label, "\"" + field + "\": " + e.getMessage());
    }
  }

  private List<Object> values(JsonNode node, int line, String label) {
    JsonNode v = node.get("values");
    if (v == null || !v.isArray() || v.isEmpty()) {
      throw error(line, label, "needs \"values\" as a non-empty list");
    }
    List<Object> values = new ArrayList<>();
    v.forEach(e -> values.add(MAPPER.convertValue(e, Object.class)));
    return values;
  }

  private String pattern(JsonNode node, int line, String label) {
    String pattern = text(node, "pattern", line, label);
    try {
      Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw error(line, label, "bad pattern: " + e.getDescription());
    }
    return pattern;
  }

  private InvalidContractException unknown(String id, int line) {
    if (LATER.contains(id)) {
      return error(
          line, id, "not supported yet (of the sketch rules, only drift reads the profiles)");
    }
    List<String> known =
        Arrays.stream(ContractRule.Kind.values())
            .filter(k -> k != ContractRule.Kind.SCHEMA)
            .map(ContractRule.Kind::id)
            .toList();
    return error(line, id, "unknown rule (known: " + String.join(", ", known) + ")");
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  private InvalidContractException error(int line, String rule, String what) {
    return new InvalidContractException(
        "Invalid contract %s, line %d, rule %s: %s", source, line, rule, what);
  }
}
