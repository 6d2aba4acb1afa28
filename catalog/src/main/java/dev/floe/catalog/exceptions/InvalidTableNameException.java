package dev.floe.catalog.exceptions;

/**
 * A table name that cannot be parsed ({@code namespace.table}, optionally {@code @ref} or {@code
 * @ref#hash}): a mistake in what the caller typed, so the CLI reports it as a usage error (exit 2).
 * An {@link IllegalArgumentException}, as it was before it had a name.
 */
public class InvalidTableNameException extends IllegalArgumentException {
  public InvalidTableNameException(String message, Object... args) {
    super(String.format(message, args));
  }
}
