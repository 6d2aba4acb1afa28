package dev.floe.catalog.exceptions;

/**
 * A configuration value (properties file, environment or flag) is missing, unknown or malformed.
 */
public class InvalidConfigException extends FloeException {
  public InvalidConfigException(String message, Object... args) {
    super(message, args);
  }

  public InvalidConfigException(Throwable cause, String message, Object... args) {
    super(cause, message, args);
  }
}
