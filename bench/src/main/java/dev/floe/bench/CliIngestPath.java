package dev.floe.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code floe ingest} run in this JVM, for the CLI case of the ingest benchmark. Found with {@link
 * java.util.ServiceLoader}: the cli module provides it, and cannot be a dependency of bench, which
 * it depends on. Without the cli on the class path the case is left out.
 */
public interface CliIngestPath {
  /**
   * Runs {@code floe ingest -w warehouse table files...} plus {@code options} and returns its exit
   * code; what it prints goes to {@code out} and {@code err}.
   */
  int ingest(
      Path warehouse, String table, List<Path> files, List<String> options, StringBuilder out);
}
