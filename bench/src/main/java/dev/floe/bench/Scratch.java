package dev.floe.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch warehouses that a benchmark creates and removes. */
final class Scratch {
  private Scratch() {}

  static Path create(Path workDir, String prefix) {
    try {
      Files.createDirectories(workDir);
      return Files.createTempDirectory(workDir, prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create scratch folder in " + workDir, e);
    }
  }

  static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete scratch folder " + dir, e);
    }
  }
}
