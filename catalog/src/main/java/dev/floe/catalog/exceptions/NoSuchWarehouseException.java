package dev.floe.catalog.exceptions;

/**
 * A warehouse opened with {@link dev.floe.catalog.Floe#openExisting} does not exist: its folder or
 * its embedded catalog database is missing. Nothing was created.
 */
public class NoSuchWarehouseException extends FloeException {
  public NoSuchWarehouseException(String message, Object... args) {
    super(message, args);
  }
}
