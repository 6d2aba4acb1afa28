package dev.floe.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.timetravel.TrainingLock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * floe serve of a lock one of whose pinned files was deleted behind Floe's back (an orphan removal
 * by another tool, a bucket rule): the stream ends with an error naming the file, never as if it
 * were complete. Floe's own orphan removal keeps every pinned file ({@code
 * PinMaintenanceCommandTest} in the cli).
 */
class ServeMissingFileTest {
  private static final String TOKEN = "s3cret-token";

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private FloeServer server;
  private BufferAllocator clientMemory;
  private FlightClient client;
  private TrainingLock lock;

  @BeforeEach
  void start() {
    floe = temp.floe();
    clientMemory = new RootAllocator();
    lock = ServedTable.pin(floe, 300, 40, 900);
    server =
        FloeServer.builder(floe)
            .port(0)
            .token(TOKEN)
            .allocator(temp.resource(BufferAllocator.class))
            .build();
    client = FlightClient.builder(clientMemory, server.location()).build();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      client.close();
    } finally {
      server.close();
      clientMemory.close();
    }
  }

  @Test
  void aPinnedFileDeletedAfterPlanningEndsTheStreamAndTheNextPlanNamingIt() throws IOException {
    HeaderCallOption bearer = bearer();
    FlightDescriptor all =
        FlightDescriptor.command(
            ServedTable.request(lock, r -> r.put("world_size", 1).putNull("part")));
    FlightInfo info = client.getInfo(all, bearer);
    String location = lock.fileDigests().get(1).path();
    String path = location.replaceFirst("^file:", "");
    Files.delete(Path.of(URI.create("file:" + path)));
    List<String> seen = new ArrayList<>();

    assertThatThrownBy(
            () -> {
              try (FlightStream stream =
                  client.getStream(info.getEndpoints().get(0).getTicket(), bearer)) {
                while (stream.next()) {
                  ServedTable.add(stream.getRoot(), seen);
                }
              }
            })
        .isInstanceOf(FlightRuntimeException.class)
        .hasMessageContaining("missing data file " + path)
        .hasMessageNotContaining("\n");
    assertThat(seen).isEmpty();
    assertThatThrownBy(() -> client.getInfo(all, bearer))
        .isInstanceOf(FlightRuntimeException.class)
        .hasMessageContaining("does not match the table: missing data file " + path);
  }

  private static HeaderCallOption bearer() {
    FlightCallHeaders headers = new FlightCallHeaders();
    headers.insert("authorization", "Bearer " + TOKEN);
    return new HeaderCallOption(headers);
  }
}
