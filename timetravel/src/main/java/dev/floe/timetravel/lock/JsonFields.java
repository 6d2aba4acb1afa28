package dev.floe.timetravel.lock;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Typed reads of a lock file's fields. Each failure is an {@link IllegalArgumentException} naming
 * the field and what it should have been, which the reader of the file prefixes with the file.
 */
final class JsonFields {
  private JsonFields() {}

  static String text(JsonNode node, String field) {
    JsonNode value = required(node, field);
    Preconditions.checkArgument(value.isTextual(), "field '%s' must be a string", field);
    return value.asText();
  }

  static long number(JsonNode node, String field) {
    JsonNode value = required(node, field);
    Preconditions.checkArgument(
        value.canConvertToLong() && value.isIntegralNumber(),
        "field '%s' must be an integer",
        field);
    return value.asLong();
  }

  /** An integer that fits an int, in {@code [min, max]}: never one that wraps into range. */
  static int integer(JsonNode node, String field, int min, int max) {
    long value = number(node, field);
    Preconditions.checkArgument(
        min <= value && value <= max,
        "field '%s' must be an integer from %s to %s, is %s",
        field,
        min,
        max,
        value);
    return (int) value;
  }

  static double fraction(JsonNode node, String field) {
    JsonNode value = required(node, field);
    Preconditions.checkArgument(value.isNumber(), "field '%s' must be a number", field);
    return value.asDouble();
  }

  /** An optional field: null when absent or JSON null. */
  static Long numberOrNull(JsonNode node, String field) {
    return node.hasNonNull(field) ? number(node, field) : null;
  }

  static List<String> names(JsonNode node, String field) {
    JsonNode value = required(node, field);
    Preconditions.checkArgument(
        value.isArray(), "field '%s' must be an array of column names", field);
    List<String> names = new ArrayList<>();
    value.forEach(name -> names.add(name.asText()));
    return names;
  }

  static Instant instant(JsonNode node, String field) {
    String text = text(node, field);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          String.format("field '%s' is not an ISO-8601 instant: %s", field, text), e);
    }
  }

  static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    Preconditions.checkArgument(value != null && !value.isNull(), "missing field '%s'", field);
    return value;
  }
}
