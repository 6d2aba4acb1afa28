package dev.floe.ingest.files;

import java.nio.file.Path;

/**
 * Malformed or unreadable input: the file, where in it (line or row, when known) and what is wrong,
 * as {@code file:line: what} for a text file, as compilers say it, or {@code file: row n: what} for
 * a binary one.
 */
public final class BadInputException extends RuntimeException {
  public BadInputException(Path file, String what) {
    super(String.format("%s: %s", file, what));
  }

  private BadInputException(String message) {
    super(message);
  }

  /** At a 1-based line of a text file. */
  static BadInputException atLine(Path file, long line, String what) {
    return new BadInputException(file + ":" + line + ": " + what);
  }

  /** At a row (from 0) of a binary file. */
  static BadInputException atRow(Path file, long row, String what) {
    return new BadInputException(file + ": row " + row + ": " + what);
  }
}
