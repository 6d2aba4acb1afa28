package dev.floe.spark;

/**
 * A job Floe ran on Spark through {@link SparkEngine} failed, or Spark could not start; the message
 * is the Spark side's (e.g. "Cannot expire snapshots of ...: tag ... is past its max-ref-age-ms").
 * The cause, if any, is an exception of Spark's own class loader.
 */
public class SparkJobException extends RuntimeException {
  public SparkJobException(String message, Throwable cause) {
    super(message, cause);
  }
}
