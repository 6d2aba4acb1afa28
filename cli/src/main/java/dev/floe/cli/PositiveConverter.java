package dev.floe.cli;

import picocli.CommandLine;

/**
 * Reads a count or size that must be at least 1 ({@code --batch-rows}, {@code --retain-last},
 * {@code --limit}, {@code --target-file-size-mb}), so 0, negatives and overflow are usage errors
 * (exit 2) before any work starts.
 */
final class PositiveConverter {
  private PositiveConverter() {}

  static long parse(String value) {
    long parsed;
    try {
      parsed = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number");
    }
    if (parsed < 1) {
      throw new CommandLine.TypeConversionException("'" + value + "' must be 1 or more");
    }
    return parsed;
  }

  /** For {@code int} options. */
  static final class ToInt implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      long parsed = parse(value);
      if (parsed > Integer.MAX_VALUE) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is more than " + Integer.MAX_VALUE);
      }
      return (int) parsed;
    }
  }

  /** For {@code long} options. */
  static final class ToLong implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return parse(value);
    }
  }
}
