package dev.floe.catalog.exceptions;

/** A training lock file cannot be read, parsed or written. */
public class LockFileException extends FloeException {
  public LockFileException(String message, Object... args) {
    super(message, args);
  }

  public LockFileException(Throwable cause, String message, Object... args) {
    super(cause, message, args);
  }
}
