package dev.floe.catalog.exceptions;

/**
 * A data contract file cannot be used: bad JSON, an unknown rule, a missing or wrong field. The
 * message names the file, the line and the rule.
 */
public class InvalidContractException extends FloeException {
  public InvalidContractException(String message, Object... args) {
    super(message, args);
  }

  public InvalidContractException(Throwable cause, String message, Object... args) {
    super(cause, message, args);
  }
}
