package dev.floe.catalog.exceptions;

/** A batch's schema cannot be applied to the table under the writer's evolution policy. */
public class SchemaEvolutionException extends FloeException {
  public SchemaEvolutionException(String message, Object... args) {
    super(message, args);
  }

  public SchemaEvolutionException(Throwable cause, String message, Object... args) {
    super(cause, message, args);
  }
}
