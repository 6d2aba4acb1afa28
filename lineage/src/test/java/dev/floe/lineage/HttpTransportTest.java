package dev.floe.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.ingest.AppendResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HttpTransportTest {
  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @BeforeEach
  void startEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/v1/lineage",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            received.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
          }
          exchange.sendResponseHeaders(201, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopEndpoint() {
    server.stop(0);
  }

  @Test
  void commitsSucceedAndFailedDeliveriesAreCountedWhenTheEndpointGoesDownMidRun() {
    int port = server.getAddress().getPort();
    try (Floe floe =
        Lakehouse.open(
            temp.path().resolve("wh"),
            Map.of(
                "floe.lineage.transport.type", "http",
                "floe.lineage.transport.url", "http://127.0.0.1:" + port,
                "floe.lineage.transport.endpoint", "/api/v1/lineage",
                "floe.lineage.transport.timeoutInMillis", "2000"))) {
      Table table = Lakehouse.events(floe);
      Lakehouse.append(table, 1, 2);
      assertThat(floe.events().flush(Duration.ofSeconds(30))).isTrue();
      assertThat(received).hasSize(2).allMatch(body -> body.contains("\"ml.events.commit\""));
      assertThat(floe.events().failed()).isZero();

      server.stop(0);
      List<AppendResult> afterOutage = Lakehouse.append(table, 3, 5);

      assertThat(afterOutage).allMatch(r -> r.snapshotId() != null && !r.duplicate());
      table.refresh();
      assertThat(table.snapshots()).hasSize(5);
      assertThat(floe.events().flush(Duration.ofSeconds(30))).isTrue();
      assertThat(received).hasSize(2);
      assertThat(floe.events().failed() + floe.events().dropped()).isEqualTo(3);
    }
  }
}
