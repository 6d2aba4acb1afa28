package dev.floe.catalog.exceptions;

/** A snapshot id, tag or point in time does not resolve to a snapshot of the table. */
public class SnapshotNotFoundException extends FloeException {
  public SnapshotNotFoundException(String message, Object... args) {
    super(message, args);
  }

  public SnapshotNotFoundException(Throwable cause, String message, Object... args) {
    super(cause, message, args);
  }
}
