package dev.floe.ingest.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON object of a JSON lines file as plain Java values, walked token by token rather than
 * bound by Jackson's databind: integers as {@code Integer}, {@code Long} or {@code BigInteger},
 * fractions as exact {@code BigDecimal} (so a column conversion can refuse what does not fit), but
 * {@code -0.0} as the double {@code -0.0}, because a {@code BigDecimal} has no negative zero and
 * would store {@code 0.0}. Objects become {@code LinkedHashMap}s, arrays {@code ArrayList}s.
 */
final class JsonObjects {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private JsonObjects() {}

  /**
   * The object {@code text} holds; a parse error for anything else, including tokens after it. Its
   * message starts with what was found, e.g. "Trailing token".
   */
  static Map<String, Object> parse(String text) throws IOException {
    try (JsonParser parser = JSON.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new JsonParseException(parser, "Expected an object, found " + first);
      }
      Map<String, Object> row = object(parser);
      JsonToken after = parser.nextToken();
      if (after != null) {
        throw new JsonParseException(
            parser, "Trailing token (of type " + after + ") found after the object");
      }
      return row;
    }
  }

  private static Map<String, Object> object(JsonParser parser) throws IOException {
    Map<String, Object> values = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      values.put(name, value(parser));
    }
    return values;
  }

  private static List<Object> array(JsonParser parser) throws IOException {
    List<Object> values = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      values.add(value(parser));
    }
    return values;
  }

  private static Object value(JsonParser parser) throws IOException {
    return switch (parser.currentToken()) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> array(parser);
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue();
      case VALUE_NUMBER_FLOAT -> fraction(parser);
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new JsonParseException(parser, "Unexpected " + parser.currentToken());
    };
  }

  private static Object fraction(JsonParser parser) throws IOException {
    BigDecimal exact = parser.getDecimalValue();
    return exact.signum() == 0 && parser.getText().startsWith("-") ? (Object) (-0.0d) : exact;
  }
}
