package dev.floe.cli;

import org.apache.iceberg.Snapshot;

/** Totals Iceberg keeps in every snapshot summary. */
final class Summaries {
  private Summaries() {}

  /** A numeric summary field, or 0 for a missing snapshot or field. */
  static long total(Snapshot snapshot, String key) {
    if (snapshot == null) {
      return 0;
    }
    String value = snapshot.summary().get(key);
    return value == null ? 0 : Long.parseLong(value);
  }
}
