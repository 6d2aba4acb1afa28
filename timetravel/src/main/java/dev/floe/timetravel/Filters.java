package dev.floe.timetravel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Parses small row filters typed by people, such as {@code label = 'cat' and amount >= 2.5}, into
 * Iceberg expressions for {@link Reader#filter} and {@link Pin#filter}.
 *
 * <p>Grammar: comparisons {@code col = v}, {@code !=}, {@code <>}, {@code <}, {@code <=}, {@code
 * >}, {@code >=}; {@code col is null}, {@code col is not null}, {@code col in (v, ...)}; combined
 * with {@code and}, {@code or}, {@code not} and parentheses. Values are numbers, {@code
 * true}/{@code false}, or text in single quotes (dates and timestamps too: {@code event_ts >=
 * '2026-01-01T00:00:00Z'}); a bare word is text. Iceberg converts each value to its column's type
 * when the filter is bound, and rejects what does not convert.
 */
public final class Filters {
  private final List<String> tokens;
  private final String text;
  private int next;

  private Filters(String text) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  /**
   * The expression {@code text} describes; throws {@link IllegalArgumentException} saying where.
   */
  public static Expression parse(String text) {
    Objects.requireNonNull(text, "text");
    Filters parser = new Filters(text);
    Preconditions.checkArgument(!parser.tokens.isEmpty(), "Invalid filter '': it is empty");
    Expression expression = parser.or();
    if (parser.next < parser.tokens.size()) {
      throw parser.error("unexpected '" + parser.tokens.get(parser.next) + "'");
    }
    return expression;
  }

  private Expression or() {
    Expression left = and();
    while (accept("or")) {
      left = Expressions.or(left, and());
    }
    return left;
  }

  private Expression and() {
    Expression left = unary();
    while (accept("and")) {
      left = Expressions.and(left, unary());
    }
    return left;
  }

  private Expression unary() {
    if (accept("not")) {
      return Expressions.not(unary());
    }
    if (accept("(")) {
      Expression inner = or();
      expect(")");
      return inner;
    }
    return comparison();
  }

  private Expression comparison() {
    String column = take("a column name");
    if (!column.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
      throw error("expected a column name, got '" + column + "'");
    }
    if (accept("is")) {
      boolean negated = accept("not");
      expect("null");
      return negated ? Expressions.notNull(column) : Expressions.isNull(column);
    }
    if (accept("in")) {
      expect("(");
      List<Object> values = new ArrayList<>();
      do {
        values.add(value());
      } while (accept(","));
      expect(")");
      return Expressions.in(column, values.toArray());
    }
    String op = take("an operator");
    Object value = value();
    return switch (op) {
      case "=", "==" -> Expressions.equal(column, value);
      case "!=", "<>" -> Expressions.notEqual(column, value);
      case "<" -> Expressions.lessThan(column, value);
      case "<=" -> Expressions.lessThanOrEqual(column, value);
      case ">" -> Expressions.greaterThan(column, value);
      case ">=" -> Expressions.greaterThanOrEqual(column, value);
      default ->
          throw error("expected an operator (=, !=, <, <=, >, >=, is, in), got '" + op + "'");
    };
  }

  private Object value() {
    String token = take("a value");
    if (token.startsWith("'")) {
      return token.substring(1, token.length() - 1).replace("''", "'");
    }
    if (token.matches("[-+]?\\d+")) {
      return Long.parseLong(token);
    }
    if (token.matches("[-+]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?")) {
      return Double.parseDouble(token);
    }
    if (token.equalsIgnoreCase("true") || token.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(token);
    }
    if (token.matches("[A-Za-z0-9_.:-]+")) {
      return token;
    }
    throw error("expected a value, got '" + token + "'");
  }

  private boolean accept(String keyword) {
    if (next < tokens.size() && tokens.get(next).equalsIgnoreCase(keyword)) {
      next++;
      return true;
    }
    return false;
  }

  private void expect(String keyword) {
    if (!accept(keyword)) {
      throw error(
          "expected '"
              + keyword
              + "', got "
              + (next < tokens.size() ? "'" + tokens.get(next) + "'" : "the end"));
    }
  }

  private String take(String what) {
    if (next >= tokens.size()) {
      throw error("expected " + what + ", got the end");
    }
    return tokens.get(next++);
  }

  private IllegalArgumentException error(String reason) {
    return new IllegalArgumentException(
        String.format(Locale.ROOT, "Invalid filter '%s': %s", text, reason));
  }

  private static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'') {
        int end = i + 1;
        while (true) {
          Preconditions.checkArgument(
              end < text.length(),
              "Invalid filter '%s': unterminated quote at position %s",
              text,
              i);
          if (text.charAt(end) == '\'') {
            if (end + 1 < text.length() && text.charAt(end + 1) == '\'') {
              end += 2; // '' is a quote inside text
              continue;
            }
            break;
          }
          end++;
        }
        tokens.add(text.substring(i, end + 1));
        i = end + 1;
      } else if ("(),".indexOf(c) >= 0) {
        tokens.add(String.valueOf(c));
        i++;
      } else if ("=!<>".indexOf(c) >= 0) {
        int end = i + 1;
        if (end < text.length() && "=>".indexOf(text.charAt(end)) >= 0) {
          end++;
        }
        tokens.add(text.substring(i, end));
        i = end;
      } else {
        int end = i;
        while (end < text.length()
            && !Character.isWhitespace(text.charAt(end))
            && "(),'=!<>".indexOf(text.charAt(end)) < 0) {
          end++;
        }
        tokens.add(text.substring(i, end));
        i = end;
      }
    }
    return tokens;
  }
}
