package dev.floe.bench;

import java.util.Objects;

/** One measured case: how many rows and bytes a subject handled in how long. */
public record BenchCase(String subject, String workload, long rows, long bytes, double seconds) {
  public BenchCase {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(workload, "workload");
  }

  public double rowsPerSecond() {
    return seconds <= 0 ? 0 : rows / seconds;
  }

  public double megabytesPerSecond() {
    return seconds <= 0 ? 0 : bytes / seconds / (1024.0 * 1024.0);
  }
}
