package dev.floe.timetravel;

import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import org.apache.iceberg.exceptions.NotFoundException;

/**
 * Tells a metadata or data file that vanished (a concurrent expire deleted it) from other errors.
 */
final class MissingFiles {
  private MissingFiles() {}

  /** True when {@code e} or one of its causes says a file does not exist. */
  static boolean causedBy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof NotFoundException
          || t instanceof FileNotFoundException
          || t instanceof NoSuchFileException) {
        return true;
      }
    }
    return false;
  }

  /** The first message of the chain, on one line. */
  static String oneLine(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null) {
        return t.getMessage().replaceAll("\\s*\\R\\s*", " ").strip();
      }
    }
    return e.getClass().getSimpleName();
  }
}
