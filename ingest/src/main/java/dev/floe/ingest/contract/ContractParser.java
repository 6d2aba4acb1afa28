package dev.floe.ingest.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.exceptions.InvalidContractException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

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

  private final String source;
  private final ContractFields f;
  private final SketchFields sketch;

  private ContractParser(String source) {
    this.source = source;
    this.f = new ContractFields(source);
    this.sketch = new SketchFields(f);
  }

  static Contract parse(String text, String source) {
    return new ContractParser(source).parse(text);
  }

  private Contract parse(String text) {
    String table = null;
    List<ContractRule> rules = new ArrayList<>();
    try (JsonParser p = MAPPER.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw f.error(line(p), "contract", "expected a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("table".equals(field)) {
          if (value != JsonToken.VALUE_STRING) {
            throw f.error(line(p), "table", "expected the table's name as a string");
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
      throw f.error(line(p), field, "expected a list of objects");
    }
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      int line = line(p);
      if (t != JsonToken.START_OBJECT) {
        throw f.error(line, field, "expected an object, found " + p.getText());
      }
      JsonNode node = p.readValueAsTree();
      into.add("columns".equals(field) ? column(node, line) : rule(node, line));
    }
  }

  private ContractRule column(JsonNode node, int line) {
    String name = f.text(node, "name", line, "column");
    String label = "column " + name;
    f.checkFields(node, Set.of("name", "type", "required", "severity", "description"), line, label);
    String type = node.has("type") ? f.text(node, "type", line, label) : null;
    boolean required = node.has("required") && f.bool(node, "required", line, label);
    return new ContractRule(
        ContractRule.Kind.SCHEMA,
        f.severity(node, line, label),
        name,
        null,
        null,
        null,
        null,
        null,
        type,
        required,
        line,
        null,
        null);
  }

  private ContractRule rule(JsonNode node, int line) {
    String id = f.text(node, "rule", line, "rule");
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
          case DISTINCT, UNIQUE, QUANTILES, FREQUENT_ITEMS -> SketchFields.fields(kind, node);
          case SCHEMA -> Set.of();
        };
    f.checkFields(node, fields, line, label);
    String column = fields.contains("column") ? f.text(node, "column", line, label) : null;
    ContractFields.Bounds bounds = new ContractFields.Bounds(null, null);
    if (kind == ContractRule.Kind.DISTINCT) {
      SketchLimits.Bound counts = sketch.counts(node, line, label);
      bounds = new ContractFields.Bounds(counts.min(), counts.max());
    } else if (fields.contains("min")) {
      bounds = f.bounds(node, kind, line, label);
    }
    Duration maxAge =
        switch (kind) {
          case FRESHNESS -> f.duration(node, "max_lag", line, label);
          case LAST_COMMIT -> f.duration(node, "max_age", line, label);
          default -> null;
        };
    List<Object> values =
        kind == ContractRule.Kind.ALLOWED_VALUES ? f.values(node, line, label) : null;
    String pattern = kind == ContractRule.Kind.REGEX ? f.pattern(node, line, label) : null;
    return new ContractRule(
        kind,
        f.severity(node, line, label),
        column,
        bounds.min(),
        bounds.max(),
        maxAge,
        values,
        pattern,
        null,
        false,
        line,
        kind == ContractRule.Kind.DRIFT ? drift(node, line, label) : null,
        kind.source() == ContractRule.Source.SKETCH && kind != ContractRule.Kind.DRIFT
            ? sketch.limits(node, kind, line, label)
            : null);
  }

  private DriftLimits drift(JsonNode node, int line, String label) {
    if (node.has("baseline") && node.has("baseline_commits")) {
      throw f.error(line, label, "takes \"baseline\" or \"baseline_commits\", not both");
    }
    String baseline = node.has("baseline") ? f.text(node, "baseline", line, label) : null;
    Integer commits = f.positiveInt(node, "baseline_commits", line, label);
    Double psi = f.limit(node, "psi", line, label, Double.MAX_VALUE, false);
    Double ks = f.limit(node, "ks_p_value", line, label, 1, false);
    Double shift = f.limit(node, "mean_shift", line, label, Double.MAX_VALUE, false);
    Double share = f.limit(node, "vanished_share", line, label, 1, true);
    if (psi == null && ks == null && shift == null && share == null) {
      throw f.error(
          line,
          label,
          "needs a limit: \"psi\", \"ks_p_value\", \"mean_shift\" or \"vanished_share\"");
    }
    return new DriftLimits(baseline, commits, psi, ks, shift, share);
  }

  private InvalidContractException unknown(String id, int line) {
    if ("psi".equals(id)) {
      return f.error(line, id, "is a limit of the drift rule: {\"rule\": \"drift\", \"psi\": ..}");
    }
    List<String> known =
        Arrays.stream(ContractRule.Kind.values())
            .filter(k -> k != ContractRule.Kind.SCHEMA)
            .map(ContractRule.Kind::id)
            .toList();
    return f.error(line, id, "unknown rule (known: " + String.join(", ", known) + ")");
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }
}
