package dev.floe.timetravel.lock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.exceptions.LockFileException;
import dev.floe.catalog.internal.SmallFiles;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.internal.AtomicFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Lock files on disk: read and parsed ({@link LockFileParser}), or written atomically. Every
 * failure is a {@link LockFileException} naming the file and the reason.
 */
public final class LockFiles {
  /** What is read from a pipe or a device: /dev/zero is not read to the end. */
  static final int MAX_STREAM_BYTES = 64 << 20;

  private LockFiles() {}

  /** Reads a lock file of one or several tables. */
  public static LockFile read(Path path) {
    JsonNode node;
    try {
      node = LockFileParser.JSON.readTree(text(path));
    } catch (NoSuchFileException e) {
      throw new LockFileException(e, "Cannot read lock file %s: file does not exist", path);
    } catch (CharacterCodingException e) {
      throw new LockFileException(e, "Cannot read lock file %s: not UTF-8 text", path);
    } catch (JsonProcessingException e) {
      throw new LockFileException(
          e, "Cannot read lock file %s: not valid JSON (%s)", path, e.getOriginalMessage());
    } catch (SmallFiles.TooLargeException e) {
      throw new LockFileException(e, "Cannot read lock file %s: %s", path, e.getMessage());
    } catch (IOException e) {
      throw new LockFileException(e, "Cannot read lock file %s: %s", path, e);
    }
    try {
      return LockFileParser.fromJson(node);
    } catch (IllegalArgumentException e) {
      throw new LockFileException(e, "Cannot read lock file %s: %s", path, e.getMessage());
    }
  }

  // A missing file goes to Files.readString, whose NoSuchFileException read() names.
  private static String text(Path path) throws IOException {
    return Files.exists(path) ? SmallFiles.read(path, MAX_STREAM_BYTES) : Files.readString(path);
  }

  /** Writes a lock file as pretty JSON, atomically: readers see the old file or the new one. */
  public static void write(LockFile file, Path path) {
    write(file, path, true);
  }

  /**
   * Writes a lock file as pretty JSON only where no file is: of several writers racing for one path
   * exactly one succeeds, the others throw and leave its lock as it is.
   */
  public static void writeNew(LockFile file, Path path) {
    write(file, path, false);
  }

  private static void write(LockFile file, Path path, boolean replace) {
    String json = LockFileParser.toJson(file);
    Path target = path.toAbsolutePath();
    if (Files.exists(target) && !Files.isRegularFile(target)) {
      // A rename would replace a device or a folder's link with the lock (as root, /dev/full).
      throw new LockFileException(
          "Cannot write lock file %s: it exists and is not a regular file", path);
    }
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
      Files.writeString(temp, json + "\n");
      if (replace) {
        AtomicFiles.replace(temp, target);
      } else {
        AtomicFiles.create(temp, target);
      }
    } catch (FileAlreadyExistsException e) {
      deleteQuietly(temp);
      throw new LockFileException(
          e, "Cannot write lock file %s: it exists (written meanwhile by another run?)", path);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new LockFileException(e, "Cannot write lock file %s: %s", path, e);
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // the write already failed; that error is the one worth reporting
      }
    }
  }
}
