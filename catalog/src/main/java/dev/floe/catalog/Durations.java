package dev.floe.catalog;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way Floe reads a duration a person typed (CLI options, maintenance policy files): {@code
 * 30s}, {@code 15m}, {@code 2h}, {@code 7d}, {@code 0}, or ISO-8601 such as {@code PT1H} or {@code
 * P2DT3H}. Case and surrounding blanks do not matter. A duration is an age or a time to live, so a
 * negative one is refused rather than read as "in the future".
 */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+)([dhms])");
  static final String FORMS = "7d, 12h, 30m, 45s, 0 or PT1H";

  private Durations() {}

  /**
   * Parses {@code text}; throws {@link IllegalArgumentException} naming it when it is none of the
   * accepted forms, is negative, or does not fit a {@link Duration}.
   */
  public static Duration parse(String text) {
    checkArgument(text != null, "Invalid duration: null (use e.g. %s)", FORMS);
    String value = text.trim().toLowerCase(Locale.ROOT);
    Duration parsed = value.startsWith("p") || value.startsWith("-p") ? iso(text) : plain(text);
    checkArgument(!parsed.isNegative(), "Invalid duration '%s': must not be negative", text);
    return parsed;
  }

  private static Duration iso(String text) {
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      // Duration.parse also reports overflow this way; the text is what the caller can fix.
      throw new IllegalArgumentException(
          String.format("Invalid duration '%s': not one of %s", text, FORMS), e);
    }
  }

  private static Duration plain(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    checkArgument(!value.startsWith("-"), "Invalid duration '%s': must not be negative", text);
    Matcher m = SHORT.matcher(value);
    checkArgument(m.matches(), "Invalid duration '%s': not one of %s", text, FORMS);
    try {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "d" -> Duration.ofDays(n);
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofSeconds(n);
      };
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          String.format("Invalid duration '%s': too long to represent", text), e);
    }
  }
}
