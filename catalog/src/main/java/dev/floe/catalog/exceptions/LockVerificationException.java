package dev.floe.catalog.exceptions;

/** A table no longer holds exactly the data a training lock pinned. */
public class LockVerificationException extends FloeException {
  public LockVerificationException(String message, Object... args) {
    super(message, args);
  }

  public LockVerificationException(Throwable cause, String message, Object... args) {
    super(cause, message, args);
  }
}
