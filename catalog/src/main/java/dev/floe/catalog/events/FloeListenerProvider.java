package dev.floe.catalog.events;

import dev.floe.catalog.FloeConfig;
import java.util.Optional;

/**
 * Creates a listener from a lakehouse's configuration when that configuration asks for one: found
 * with {@link java.util.ServiceLoader} when a {@code Floe} opens (floe-lineage provides one for
 * {@code floe.lineage.*}). Return empty when not configured, so nothing runs by default.
 */
public interface FloeListenerProvider {
  Optional<FloeListener> create(FloeConfig config);
}
