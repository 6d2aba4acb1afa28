package dev.floe.compaction;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;

import dev.floe.catalog.ResolvedTable;
import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the builders; messages name the setting and the rule. */
final class Checks {
  private Checks() {}

  static void positive(long value, String what) {
    checkArgument(value > 0, "Invalid %s: %s (must be > 0)", what, value);
  }

  /** Returns {@code value} if it is not null and not negative. */
  static Duration notNegative(Duration value, String what) {
    Objects.requireNonNull(value, what);
    checkArgument(!value.isNegative(), "Invalid %s: %s (must be >= 0)", what, value);
    return value;
  }

  /**
   * The branch of {@code resolved} a job that commits should write to; a tag or Nessie commit is
   * read-only and throws {@link IllegalArgumentException} saying so.
   */
  static String branch(ResolvedTable resolved, String verb) {
    Objects.requireNonNull(resolved, "resolved");
    checkArgument(
        !resolved.isTag(),
        "Cannot %s %s: %s is read-only; name a branch (e.g. %s@<branch>)",
        verb,
        resolved,
        resolved.name().hasHash() ? "a Nessie commit" : "tag '" + resolved.name().ref() + "'",
        resolved.name().identifier());
    return resolved.ref();
  }
}
