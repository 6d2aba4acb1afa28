package dev.floe.catalog.exceptions;

/**
 * A warehouse belongs to another catalog: its owner marker names a different embedded catalog (or a
 * different catalog mode), so opening it here would create tables at the same locations and let one
 * catalog's orphan removal delete the other's files.
 */
public class ForeignCatalogException extends FloeException {
  public ForeignCatalogException(String message, Object... args) {
    super(message, args);
  }
}
