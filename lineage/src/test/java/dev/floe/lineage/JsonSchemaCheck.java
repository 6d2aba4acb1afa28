package dev.floe.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The part of JSON Schema (2020-12) that OpenLineage's spec files use: {@code $ref} (local and to
 * another loaded file by its {@code $id}), {@code allOf}, {@code anyOf}, {@code oneOf}, {@code
 * not}, {@code type}, {@code enum}, {@code required}, {@code properties}, {@code
 * additionalProperties}, {@code items} and the {@code uri}, {@code uuid} and {@code date-time}
 * formats. Anything else in a schema is ignored, so a check can only be too lenient there.
 */
final class JsonSchemaCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, JsonNode> byId = new HashMap<>();

  /** Loads the spec files under {@code openlineage-spec/} of the test class path. */
  static JsonSchemaCheck openLineage(String... files) {
    JsonSchemaCheck check = new JsonSchemaCheck();
    for (String file : files) {
      try (InputStream in =
          JsonSchemaCheck.class.getResourceAsStream("/openlineage-spec/" + file)) {
        JsonNode schema = JSON.readTree(in);
        check.byId.put(schema.path("$id").asText(file), schema);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return check;
  }

  JsonNode schema(String id) {
    return byId.get(id);
  }

  /** Every violation of {@code schema} (a root in file {@code id}) by {@code value}, with paths. */
  List<String> errors(String id, JsonNode schema, JsonNode value) {
    List<String> errors = new ArrayList<>();
    check(byId.get(id), schema, value, "$", errors);
    return errors;
  }

  private void check(JsonNode root, JsonNode schema, JsonNode value, String at, List<String> out) {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      int hash = ref.indexOf('#');
      JsonNode file = hash == 0 ? root : byId.get(ref.substring(0, hash < 0 ? ref.length() : hash));
      if (file == null) {
        out.add(at + ": cannot resolve " + ref);
        return;
      }
      JsonNode target = hash < 0 ? file : file.at(ref.substring(hash + 1));
      if (target.isMissingNode()) {
        out.add(at + ": cannot resolve " + ref);
        return;
      }
      check(file, target, value, at, out);
    }
    for (JsonNode part : schema.path("allOf")) {
      check(root, part, value, at, out);
    }
    if (schema.has("anyOf") && matching(root, schema.get("anyOf"), value) == 0) {
      out.add(at + ": matches none of anyOf");
    }
    if (schema.has("oneOf") && matching(root, schema.get("oneOf"), value) != 1) {
      out.add(at + ": does not match exactly one of oneOf");
    }
    if (schema.has("not") && matches(root, schema.get("not"), value)) {
      out.add(at + ": matches a 'not' schema");
    }
    if (schema.has("type") && !hasType(schema.get("type").asText(), value)) {
      out.add(at + ": expected " + schema.get("type").asText() + ", got " + value.getNodeType());
      return;
    }
    if (schema.has("enum")) {
      boolean listed = false;
      for (JsonNode option : schema.get("enum")) {
        listed |= option.equals(value);
      }
      if (!listed) {
        out.add(at + ": " + value + " is not one of " + schema.get("enum"));
      }
    }
    if (schema.has("format") && value.isTextual()) {
      checkFormat(schema.get("format").asText(), value.asText(), at, out);
    }
    if (value.isObject()) {
      for (JsonNode name : schema.path("required")) {
        if (!value.has(name.asText())) {
          out.add(at + ": missing required " + name.asText());
        }
      }
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.get("additionalProperties");
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String path = at + "." + field.getKey();
        if (properties.has(field.getKey())) {
          check(root, properties.get(field.getKey()), field.getValue(), path, out);
        } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
          out.add(path + ": not allowed");
        } else if (additional != null && additional.isObject()) {
          check(root, additional, field.getValue(), path, out);
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(root, schema.get("items"), value.get(i), at + "[" + i + "]", out);
      }
    }
  }

  private int matching(JsonNode root, JsonNode options, JsonNode value) {
    int count = 0;
    for (JsonNode option : options) {
      count += matches(root, option, value) ? 1 : 0;
    }
    return count;
  }

  private boolean matches(JsonNode root, JsonNode schema, JsonNode value) {
    List<String> errors = new ArrayList<>();
    check(root, schema, value, "", errors);
    return errors.isEmpty();
  }

  private static boolean hasType(String type, JsonNode value) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      default -> true;
    };
  }

  private static void checkFormat(String format, String text, String at, List<String> out) {
    try {
      switch (format) {
        case "uri" -> {
          if (!URI.create(text).isAbsolute()) {
            out.add(at + ": not an absolute URI: " + text);
          }
        }
        case "uuid" -> UUID.fromString(text);
        case "date-time" -> OffsetDateTime.parse(text);
        default -> {}
      }
    } catch (RuntimeException e) {
      out.add(at + ": not a " + format + ": " + text);
    }
  }
}
