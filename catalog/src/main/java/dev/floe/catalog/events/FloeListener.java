package dev.floe.catalog.events;

/**
 * Hears {@link FloeEvent}s on Floe's event thread, one at a time, in the order they were published.
 * A listener may be slow or throw: the commit that published the event has already returned, and an
 * exception is logged and counted, never passed back.
 */
@FunctionalInterface
public interface FloeListener extends AutoCloseable {
  void on(FloeEvent event);

  /** Called once when the lakehouse closes, after the events still buffered were delivered. */
  @Override
  default void close() {}
}
