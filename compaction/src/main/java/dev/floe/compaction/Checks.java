package dev.floe.compaction;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the builders; messages name the setting and the rule. */
final class Checks {
  private Checks() {}

  static void positive(long value, String what) {
    if (value <= 0) {
      throw new IllegalArgumentException(
          String.format("Invalid %s: %d (must be > 0)", what, value));
    }
  }

  /** Returns {@code value} if it is not null and not negative. */
  static Duration notNegative(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isNegative()) {
      throw new IllegalArgumentException(
          String.format("Invalid %s: %s (must be >= 0)", what, value));
    }
    return value;
  }
}
