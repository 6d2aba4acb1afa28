package dev.floe.ingest;

import java.util.Locale;
import java.util.Objects;

/** How far a {@link TableWriter} may change a table's schema to fit an incoming batch. */
public enum EvolutionPolicy {
  /** The batch must fit the table as it is. */
  STRICT,
  /** Columns the table lacks are added as optional columns. */
  ADD_COLUMNS,
  /**
   * As {@link #ADD_COLUMNS}, plus the spec's type promotions (int to long, float to double, wider
   * decimal).
   */
  ADD_AND_WIDEN;

  /** Parses {@code strict}, {@code add-columns}, {@code add_and_widen} and the like. */
  public static EvolutionPolicy fromString(String name) {
    Objects.requireNonNull(name, "name");
    String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (EvolutionPolicy policy : values()) {
      if (policy.name().equals(normalized)) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        String.format(
            "Unknown evolution policy: %s (use strict, add-columns or add-and-widen)", name));
  }
}
