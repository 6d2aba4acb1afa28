package dev.floe.compaction;

/** Argument checks shared by the builders; messages name the setting and the rule. */
final class Checks {
  private Checks() {}

  static void positive(long value, String what) {
    if (value <= 0) {
      throw new IllegalArgumentException(
          String.format("Invalid %s: %d (must be > 0)", what, value));
    }
  }
}
