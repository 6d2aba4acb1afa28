package dev.floe.catalog.exceptions;

/** An operation would remove a snapshot that a training pin still needs. */
public class PinnedSnapshotException extends FloeException {
  public PinnedSnapshotException(String message, Object... args) {
    super(message, args);
  }

  public PinnedSnapshotException(Throwable cause, String message, Object... args) {
    super(cause, message, args);
  }
}
