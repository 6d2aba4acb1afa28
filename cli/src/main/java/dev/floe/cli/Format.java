package dev.floe.cli;

import java.time.Duration;
import java.util.Locale;

/** Human-readable numbers for command output. */
final class Format {
  private Format() {}

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  static String duration(Duration d) {
    long ms = d.toMillis();
    return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  /** A window as typed: {@code 3d}, {@code 12h}, {@code 30m}, {@code 45s}, else ISO-8601. */
  static String window(Duration d) {
    long s = d.toSeconds();
    if (d.toNanos() % 1_000_000_000L != 0) {
      return d.toString();
    }
    if (s % 86_400 == 0 && s > 0) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0 && s > 0) {
      return s / 3_600 + "h";
    }
    return s % 60 == 0 && s > 0 ? s / 60 + "m" : s + "s";
  }

  static String since(long startNanos) {
    return duration(Duration.ofNanos(System.nanoTime() - startNanos));
  }
}
