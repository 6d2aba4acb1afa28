package dev.floe.timetravel;

import dev.floe.timetravel.internal.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * An export file written under a hidden temporary name beside its target ({@code
 * .<name>.part-<nonce>}) and moved onto the target only by {@link #publish()}, after the caller has
 * verified what it wrote. Closing without publishing deletes it; so does the JVM's exit (a kill by
 * Ctrl-C runs shutdown hooks, not finally blocks). Until publish the target is untouched, so a
 * reader of the target sees the old file, no file, or the new verified file, never a partial or
 * unverified one.
 */
final class StagedFile implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private boolean published;

  private StagedFile(Path target, Path temp) {
    this.target = target;
    this.temp = temp;
  }

  /** Creates the target's folder and names a temporary file in it; the writer creates the file. */
  static StagedFile create(Path file) {
    Path target = file.toAbsolutePath();
    Path temp =
        target.resolveSibling(
            "." + target.getFileName() + ".part-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
    temp.toFile().deleteOnExit();
    return new StagedFile(target, temp);
  }

  /** Where to write. */
  Path path() {
    return temp;
  }

  /** Moves the temporary file onto the target, atomically where the file system can. */
  void publish() {
    try {
      AtomicFiles.replace(temp, target);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
    }
    published = true;
  }

  /** Deletes the temporary file unless it was published. */
  @Override
  public void close() {
    if (!published) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // The export already failed; that error is the one worth reporting.
      }
    }
  }
}
