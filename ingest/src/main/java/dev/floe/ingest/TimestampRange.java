package dev.floe.ingest;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * Iceberg stores a timestamp as microseconds since 1970 in a long: beyond about year 294247 (or
 * before -290308) the conversion overflows when the file is written, long after the batch was
 * accepted. Checked on the way in instead, by every row path.
 */
final class TimestampRange {
  /** What a message says about the range. */
  static final String RULE = "microseconds since 1970 must fit 64 bits, years -290308 to 294247";

  private TimestampRange() {}

  /** False for an {@link OffsetDateTime} or {@link LocalDateTime} whose microseconds overflow. */
  static boolean holds(Object value) {
    try {
      if (value instanceof OffsetDateTime time) {
        DateTimeUtil.microsFromTimestamptz(time);
      } else if (value instanceof LocalDateTime time) {
        DateTimeUtil.microsFromTimestamp(time);
      }
      return true;
    } catch (ArithmeticException e) {
      return false;
    }
  }
}
