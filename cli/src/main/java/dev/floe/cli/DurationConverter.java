package dev.floe.cli;

import dev.floe.catalog.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads an option's duration with {@link Durations#parse}: {@code 7d}, {@code 0}, {@code PT1H}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
