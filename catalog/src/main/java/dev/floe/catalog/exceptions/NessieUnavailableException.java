package dev.floe.catalog.exceptions;

/**
 * A local Nessie server cannot be started or reached: no Java 21+ runtime, no runner jar, a port in
 * use, or a server that exited. The message says which and what to do.
 */
public class NessieUnavailableException extends FloeException {
  public NessieUnavailableException(String message, Object... args) {
    super(message, args);
  }

  public NessieUnavailableException(Throwable cause, String message, Object... args) {
    super(cause, message, args);
  }
}
