package dev.floe.lineage;

import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.events.FloeEvent;
import dev.floe.catalog.events.FloeListener;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.Transport;

/**
 * Sends each {@link FloeEvent} as an OpenLineage run event through one transport. Runs on Floe's
 * event thread: a transport that fails (an HTTP endpoint that is down) throws here, and the event
 * bus counts the failure; the commit that caused the event is long done.
 */
public final class OpenLineageListener implements FloeListener {
  private final OpenLineageClient client;
  private final RunEvents events;

  public OpenLineageListener(Transport transport, FloeConfig config) {
    this.client = new OpenLineageClient(transport);
    this.events = RunEvents.of(config);
  }

  @Override
  public void on(FloeEvent event) {
    client.emit(events.toRunEvent(event));
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot close the OpenLineage transport: " + e, e);
    }
  }

  @Override
  public String toString() {
    return "OpenLineageListener";
  }
}
