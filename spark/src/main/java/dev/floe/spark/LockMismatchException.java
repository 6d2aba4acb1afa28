package dev.floe.spark;

/**
 * The table no longer holds what a lock pinned: a data file's rows differ from their digest, or the
 * snapshot's files differ from the lock's fingerprint. The message names the file (and, under
 * {@code floe-digest/2}, the rows) or the snapshot.
 */
public class LockMismatchException extends RuntimeException {
  public LockMismatchException(String message) {
    super(message);
  }
}
