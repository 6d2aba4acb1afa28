package dev.floe.catalog.exceptions;

/** Base of Floe's unchecked exceptions; the message alone says what went wrong and why. */
public class FloeException extends RuntimeException {
  public FloeException(String message, Object... args) {
    super(args.length == 0 ? message : String.format(message, args));
  }

  public FloeException(Throwable cause, String message, Object... args) {
    super(args.length == 0 ? message : String.format(message, args), cause);
  }
}
