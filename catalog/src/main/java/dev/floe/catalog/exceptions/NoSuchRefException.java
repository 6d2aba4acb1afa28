package dev.floe.catalog.exceptions;

/** A branch or tag that was asked for does not exist. */
public class NoSuchRefException extends FloeException {
  public NoSuchRefException(String message, Object... args) {
    super(message, args);
  }

  public NoSuchRefException(Throwable cause, String message, Object... args) {
    super(cause, message, args);
  }
}
