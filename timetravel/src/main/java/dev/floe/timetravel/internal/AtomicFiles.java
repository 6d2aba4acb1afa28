package dev.floe.timetravel.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Moving a finished file onto its final name, so readers never see it half-written. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Moves {@code source} onto {@code target}, replacing it: atomically where the file system can,
   * else as a plain replace (some file systems, e.g. a few FUSE and network mounts, refuse atomic
   * renames; a plain replace there is still better than failing the export or the lock).
   */
  public static void replace(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Moves {@code source} onto {@code target} only if no file is there, throwing {@link
   * FileAlreadyExistsException} otherwise. A hard link is created atomically or not at all, so of
   * two racing callers one fails; where links are not supported, a move that checks first (a narrow
   * race) does it.
   */
  public static void create(Path source, Path target) throws IOException {
    try {
      Files.createLink(target, source);
    } catch (UnsupportedOperationException | FileSystemException e) {
      if (e instanceof FileAlreadyExistsException exists) {
        throw exists;
      }
      Files.move(source, target);
      return;
    }
    Files.delete(source);
  }
}
