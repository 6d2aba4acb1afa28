package dev.floe.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a benchmark measured: every case, and the headline figures of its {@code RESULT} line.
 *
 * @param result ordered key/value pairs, e.g. {@code floe_rows_per_s}, {@code speedup}
 */
public record BenchReport(
    String name, boolean quick, List<BenchCase> cases, Map<String, String> result, String notes) {
  public BenchReport {
    Objects.requireNonNull(name, "name");
    cases = List.copyOf(cases);
    result = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(result));
  }

  /** The last line a benchmark run prints: {@code RESULT name key=value ...}. */
  public String resultLine() {
    return "RESULT "
        + name
        + result.entrySet().stream()
            .map(e -> " " + e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining());
  }
}
