package dev.floe.ingest;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.types.Types;

/**
 * Reads a map-row value into a {@code timestamp} or {@code timestamptz} column by the rule the
 * README's "Input formats" states. Text is ISO-8601 with {@code T} or a space between date and time
 * ({@code 2026-11-21 00:00:00}); {@code timestamptz} needs an offset or {@code Z} and {@code
 * timestamp} refuses one, because either guess would shift the value silently. A date alone is
 * midnight of a {@code timestamp}. Numbers (and text that is a number) are epoch numbers in the
 * table's {@link IngestProperties#EPOCH_UNIT}: a {@code timestamp} gets the instant's UTC wall
 * clock.
 */
final class Timestamps {
  /**
   * Epoch numbers must land in [1973-03-03T09:46:40Z, 2286-11-20T17:46:40Z), 10^8 to 10^10 seconds:
   * there the magnitudes of seconds, milliseconds, microseconds and nanoseconds never overlap, so a
   * number in the wrong unit is refused instead of landing in 1970 or year 50000.
   */
  private static final BigDecimal MIN_SECONDS = BigDecimal.valueOf(100_000_000L);

  private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(10_000_000_000L);
  static final String EPOCH_RULE = "epoch numbers must land between 1973-03-03 and 2286-11-20";
  private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

  /** The unit of epoch numbers, by how many of it make a second. */
  enum EpochUnit {
    S(1),
    MS(1_000),
    US(1_000_000),
    NS(1_000_000_000);

    private final BigDecimal perSecond;

    EpochUnit(long perSecond) {
      this.perSecond = BigDecimal.valueOf(perSecond);
    }

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The unit a table's properties declare; refuses anything but s, ms, us or ns. */
    static EpochUnit of(Map<String, String> properties, String table) {
      String unit =
          properties.getOrDefault(IngestProperties.EPOCH_UNIT, IngestProperties.EPOCH_UNIT_DEFAULT);
      EpochUnit found = null;
      for (EpochUnit candidate : values()) {
        found = candidate.key().equalsIgnoreCase(unit.trim()) ? candidate : found;
      }
      Preconditions.checkArgument(
          found != null,
          "Invalid %s of table %s: %s (must be s, ms, us or ns)",
          IngestProperties.EPOCH_UNIT,
          table,
          unit);
      return found;
    }
  }

  /** A value refused for a reason worth more than "cannot convert": the message says it. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  private Timestamps() {}

  /** {@code value} as an {@link OffsetDateTime} (with zone) or {@link LocalDateTime}. */
  static Object of(Types.TimestampType type, Object value, EpochUnit unit) {
    boolean zoned = type.shouldAdjustToUTC();
    if (value instanceof OffsetDateTime t && zoned || value instanceof LocalDateTime l && !zoned) {
      return value;
    } else if (value instanceof Instant i && zoned) {
      return i.atOffset(ZoneOffset.UTC);
    }
    Object common = value instanceof String s ? common(zoned, s) : null;
    if (common != null) {
      return common;
    } else if (value instanceof Number
        || value instanceof String s && NUMBER.matcher(s).matches()) {
      OffsetDateTime time = epoch(new BigDecimal(value.toString()), unit);
      return zoned ? time : time.toLocalDateTime();
    }
    return text(type, (String) value);
  }

  private static Object text(Types.TimestampType type, String value) {
    boolean zoned = type.shouldAdjustToUTC();
    if (value.length() == 10 && !zoned) {
      return LocalDate.parse(value).atStartOfDay();
    }
    String iso = value.length() > 10 && value.charAt(10) == ' ' ? isoT(value) : value;
    TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(iso);
    boolean offset = parsed.isSupported(ChronoField.OFFSET_SECONDS);
    if (zoned && !offset) {
      throw new Refused(
          String.format(
              "value %s has no offset: %s needs one (Z or +01:00), Floe does not guess a zone",
              value, type));
    } else if (!zoned && offset) {
      throw new Refused(
          String.format(
              "value %s has an offset but the column is %s (without zone): Floe does not shift"
                  + " it; drop the offset or use a timestamptz column",
              value, type));
    }
    return zoned ? OffsetDateTime.from(parsed) : LocalDateTime.from(parsed);
  }

  /**
   * The common shape {@code yyyy-MM-dd(T| )HH:mm[:ss[.fraction]][Z|+HH:MM|-HH:MM]}, read by hand
   * exactly as {@link DateTimeFormatter#ISO_DATE_TIME} reads it; null for any other text, a value
   * out of range, or an offset the column refuses, which {@link #text} then parses or explains. The
   * formatter copies its parse state for every optional section: on a CSV of events that was 60% of
   * the converting thread of {@code floe ingest}.
   */
  static Object common(boolean zoned, String s) {
    int n = s.length();
    if (n < 16
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T' && s.charAt(10) != ' '
        || s.charAt(13) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = 0;
    int nano = 0;
    int i = 16;
    if (i < n && s.charAt(i) == ':') {
      second = n < 19 ? -1 : digits(s, 17, 19);
      i = 19;
      if (i < n && s.charAt(i) == '.') {
        int start = ++i;
        for (; i < n && i - start < 9 && digit(s.charAt(i)); i++) {
          nano = nano * 10 + s.charAt(i) - '0';
        }
        if (i == start) {
          return null;
        }
        for (int k = i - start; k < 9; k++) {
          nano *= 10;
        }
      }
    }
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    try {
      ZoneOffset offset = offset(s, i);
      if (i < n && offset == null || zoned != (offset != null)) {
        return null;
      }
      LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nano);
      return zoned ? OffsetDateTime.of(local, offset) : local;
    } catch (DateTimeException e) {
      return null; // e.g. February 30: the formatter's message says what is wrong
    }
  }

  /** {@code Z}, {@code +HH:MM} or {@code -HH:MM} ending {@code s} at {@code i}; else null. */
  private static ZoneOffset offset(String s, int i) {
    int n = s.length();
    char sign = i < n ? s.charAt(i) : ' ';
    if (sign == 'Z' && i + 1 == n) {
      return ZoneOffset.UTC;
    } else if ((sign == '+' || sign == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
      int hours = digits(s, i + 1, i + 3);
      int minutes = digits(s, i + 4, i + 6);
      if ((hours | minutes) < 0 || minutes > 59) {
        return null;
      }
      int seconds = (hours * 60 + minutes) * 60;
      return ZoneOffset.ofTotalSeconds(sign == '-' ? -seconds : seconds);
    }
    return null;
  }

  /** The ASCII digits {@code s[from, to)} as a number, or -1. */
  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!digit(c)) {
        return -1;
      }
      value = value * 10 + c - '0';
    }
    return value;
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String isoT(String value) {
    return value.substring(0, 10) + 'T' + value.substring(11);
  }

  private static OffsetDateTime epoch(BigDecimal number, EpochUnit unit) {
    BigDecimal seconds = number.divide(unit.perSecond);
    if (seconds.compareTo(MIN_SECONDS) < 0 || seconds.compareTo(MAX_SECONDS) >= 0) {
      throw new Refused(
          String.format(
              "epoch number %s in %s (table property %s) is outside the epoch window (%s)%s",
              number.toPlainString(),
              unit.key(),
              IngestProperties.EPOCH_UNIT,
              EPOCH_RULE,
              likely(number)));
    }
    BigDecimal micros = seconds.movePointRight(6);
    if (micros.stripTrailingZeros().scale() > 0) {
      throw new Refused(
          String.format(
              "epoch number %s in %s has a fraction finer than a microsecond, which a"
                  + " timestamp cannot hold",
              number.toPlainString(), unit.key()));
    }
    long exact = micros.longValueExact(); // positive: the window starts after 1970
    Instant instant = Instant.ofEpochSecond(exact / 1_000_000, exact % 1_000_000 * 1_000);
    return instant.atOffset(ZoneOffset.UTC);
  }

  /** The unit whose window holds {@code number}, as a hint; empty if none does. */
  private static String likely(BigDecimal number) {
    for (EpochUnit unit : EpochUnit.values()) {
      BigDecimal seconds = number.divide(unit.perSecond);
      if (seconds.compareTo(MIN_SECONDS) >= 0 && seconds.compareTo(MAX_SECONDS) < 0) {
        return "; it looks like " + unit.key();
      }
    }
    return "";
  }
}
