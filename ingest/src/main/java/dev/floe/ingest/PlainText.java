package dev.floe.ingest;

import org.apache.iceberg.types.Types;

/**
 * The map-row conversion of one top-level column ({@link MapRows#convertField}), with a short cut
 * for the plainest text of the commonest types: {@code -123} for longs and ints, {@code -12.50}
 * with at most 15 digits for doubles and floats, {@code true}/{@code false}, any text for strings.
 * The short cut gives the very value {@link MapRows} gives (the same rounding: a decimal of at most
 * 15 digits divided by an exact power of ten is what {@code BigDecimal.doubleValue} computes, and
 * both round correctly); anything else, nulls and errors included, goes through {@link MapRows}. On
 * a CSV of events MapRows' exact {@code BigDecimal} parse and range checks were most of the
 * conversion.
 */
final class PlainText {
  /** A column's conversion: the value map rows make of {@code raw} in row {@code row}. */
  interface Conversion {
    Object convert(Object raw, int row);
  }

  // Exact doubles: 10^0 to 10^15, as many as a 15-digit decimal can have after its point.
  private static final double[] POWERS = new double[16];

  static {
    POWERS[0] = 1;
    for (int i = 1; i < POWERS.length; i++) {
      POWERS[i] = POWERS[i - 1] * 10;
    }
  }

  private PlainText() {}

  static Conversion of(Types.NestedField field, Timestamps.EpochUnit unit) {
    Conversion general = (raw, row) -> MapRows.convertField(field, raw, row, "", unit);
    return switch (field.type().typeId()) {
      case LONG ->
          (raw, row) -> {
            if (raw instanceof Long) {
              return raw;
            }
            long parsed = raw instanceof String s ? plainLong(s, 18) : NOT_PLAIN;
            return parsed != NOT_PLAIN ? (Object) parsed : general.convert(raw, row);
          };
      case INTEGER ->
          (raw, row) -> {
            long parsed = raw instanceof String s ? plainLong(s, 9) : NOT_PLAIN;
            return parsed != NOT_PLAIN ? (Object) (int) parsed : general.convert(raw, row);
          };
      case DOUBLE ->
          (raw, row) -> {
            double parsed = raw instanceof String s ? plainDecimal(s) : Double.NaN;
            return Double.isNaN(parsed) ? general.convert(raw, row) : (Object) parsed;
          };
      case FLOAT ->
          (raw, row) -> {
            double parsed = raw instanceof String s ? plainDecimal(s) : Double.NaN;
            return Double.isNaN(parsed) ? general.convert(raw, row) : (Object) (float) parsed;
          };
      case BOOLEAN ->
          (raw, row) ->
              "true".equals(raw)
                  ? Boolean.TRUE
                  : "false".equals(raw) ? Boolean.FALSE : general.convert(raw, row);
      case STRING -> (raw, row) -> raw instanceof String s ? s : general.convert(raw, row);
      default -> general;
    };
  }

  // Outside what plainLong gives (it has at most 18 digits): "not plain text".
  private static final long NOT_PLAIN = Long.MIN_VALUE;

  /** {@code -?[0-9]{1,maxDigits}} as a long; {@link #NOT_PLAIN} for any other text. */
  static long plainLong(String text, int maxDigits) {
    int length = text.length();
    int start = length > 0 && text.charAt(0) == '-' ? 1 : 0;
    if (length == start || length - start > maxDigits) {
      return NOT_PLAIN;
    }
    long value = 0;
    for (int i = start; i < length; i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return NOT_PLAIN;
      }
      value = value * 10 + digit;
    }
    return start == 1 ? -value : value;
  }

  /**
   * {@code -?[0-9]+(\.[0-9]+)?} of at most 15 digits as the double nearest to it (-0.0 for a
   * negative zero, as map rows keep the sign of "-0.0"); NaN for any other text.
   */
  static double plainDecimal(String text) {
    int length = text.length();
    int start = length > 0 && text.charAt(0) == '-' ? 1 : 0;
    long unscaled = 0;
    int digits = 0;
    int point = -1;
    for (int i = start; i < length; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        unscaled = unscaled * 10 + (c - '0');
        digits++;
      } else if (c == '.' && point < 0 && i > start && i < length - 1) {
        point = i;
      } else {
        return Double.NaN;
      }
    }
    if (digits == 0 || digits > 15) {
      return Double.NaN;
    }
    int scale = point < 0 ? 0 : length - 1 - point;
    // Both exact (below 2^53 and 10^22): one correctly rounded division, as BigDecimal does it.
    double value = scale == 0 ? (double) unscaled : unscaled / POWERS[scale];
    return start == 1 ? -value : value;
  }
}
