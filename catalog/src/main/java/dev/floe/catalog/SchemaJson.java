package dev.floe.catalog;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A table schema from a small JSON file: {@code {"columns": [{"name": "id", "type": "long",
 * "required": true}, {"name": "embedding", "type": "list<float>"}]}}, columns optional unless
 * {@code "required": true}, an optional {@code "doc"}. Types are Iceberg's names: {@code boolean,
 * int, long, float, double, date, time, timestamp, timestamptz, string, uuid, binary, fixed[16],
 * decimal(10,2), list<T>, map<K,V>, struct<name: T, ...>}; list elements, map values and struct
 * fields are optional. Iceberg's own schema JSON ({@code {"type": "struct", "fields": [...]}}, as
 * {@link SchemaParser} writes it) is read as is. Bad input throws {@link IllegalArgumentException}
 * naming the column and the type.
 */
public final class SchemaJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String text;
  private int pos;
  private int nextId = 1;

  private SchemaJson(String text) {
    this.text = text;
  }

  /** Parses a schema file's content. */
  public static Schema parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Invalid schema JSON: " + e.getOriginalMessage() + " at line " + line(e), e);
    }
    checkArgument(root != null && root.isObject(), "Invalid schema JSON: expected an object");
    if (root.has("type") && root.has("fields")) {
      return SchemaParser.fromJson(root);
    }
    JsonNode columns = root.get("columns");
    checkArgument(
        columns != null && columns.isArray() && !columns.isEmpty(),
        "Invalid schema JSON: expected {\"columns\": [{\"name\": ..., \"type\": ...}, ...]}");
    SchemaJson ids = new SchemaJson("");
    List<Types.NestedField> fields = new ArrayList<>();
    for (JsonNode column : columns) {
      String name = column.path("name").asText("");
      checkArgument(!name.isBlank(), "Invalid schema JSON: a column has no \"name\": %s", column);
      checkArgument(
          fields.stream().noneMatch(f -> f.name().equals(name)),
          "Invalid schema JSON: column %s appears twice",
          name);
      Type type;
      try {
        type = ids.typeOf(column.path("type").asText(""));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            String.format("Invalid type of column %s: %s", name, e.getMessage()), e);
      }
      boolean required = column.path("required").asBoolean(false);
      String doc = column.hasNonNull("doc") ? column.get("doc").asText() : null;
      fields.add(Types.NestedField.of(ids.nextId++, !required, name, type, doc));
    }
    return new Schema(fields);
  }

  /** Parses one Iceberg type name, e.g. {@code map<string, list<float>>}. */
  public static Type type(String name) {
    return new SchemaJson("").typeOf(name);
  }

  private Type typeOf(String name) {
    SchemaJson parser = new SchemaJson(name);
    parser.nextId = nextId;
    Type type = parser.parseType();
    parser.skipSpaces();
    checkArgument(parser.pos == name.length(), "'%s': unexpected text at %s", name, parser.pos);
    nextId = parser.nextId;
    return type;
  }

  private Type parseType() {
    skipSpaces();
    int start = pos;
    // decimal(10, 2) holds a comma inside its parentheses.
    boolean inParens = false;
    while (pos < text.length() && (inParens || "<>,:".indexOf(text.charAt(pos)) < 0)) {
      inParens = text.charAt(pos) == '(' || (inParens && text.charAt(pos) != ')');
      pos++;
    }
    String word = text.substring(start, pos).strip();
    checkArgument(!word.isEmpty(), "'%s': missing a type at %s", text, start);
    String lower = word.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "list" -> {
        expect('<');
        Type element = parseType();
        expect('>');
        return Types.ListType.ofOptional(nextId++, element);
      }
      case "map" -> {
        expect('<');
        Type key = parseType();
        expect(',');
        Type value = parseType();
        expect('>');
        return Types.MapType.ofOptional(nextId++, nextId++, key, value);
      }
      case "struct" -> {
        return struct();
      }
      default -> {
        try {
          return Types.fromPrimitiveString(lower.replace(" ", ""));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              String.format(
                  "unknown type '%s' (use boolean, int, long, float, double, date, time,"
                      + " timestamp, timestamptz, string, uuid, binary, fixed[N], decimal(P,S),"
                      + " list<T>, map<K,V> or struct<name: T, ...>)",
                  word),
              e);
        }
      }
    }
  }

  private Type struct() {
    expect('<');
    List<Types.NestedField> fields = new ArrayList<>();
    boolean more = true;
    while (more) {
      skipSpaces();
      int start = pos;
      while (pos < text.length() && text.charAt(pos) != ':') {
        pos++;
      }
      String name = text.substring(start, pos).strip();
      checkArgument(!name.isEmpty(), "'%s': a struct field has no name", text);
      expect(':');
      fields.add(Types.NestedField.optional(nextId++, name, parseType()));
      skipSpaces();
      more = pos < text.length() && text.charAt(pos) == ',';
      pos += more ? 1 : 0;
    }
    expect('>');
    return Types.StructType.of(fields);
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private void expect(char c) {
    skipSpaces();
    checkArgument(
        pos < text.length() && text.charAt(pos) == c, "'%s': expected '%s' at %s", text, c, pos);
    pos++;
  }

  private static long line(JsonProcessingException e) {
    return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
  }
}
