package dev.floe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.exceptions.InvalidConfigException;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalS3Test {
  @TempDir Path dir;

  @Test
  void ingestsIntoAnS3WarehouseOnDiskAndClosesItsPort() throws Exception {
    // One day of events: 16 partitions, enough files for a round trip without 160 PUTs a batch.
    List<Record> first = EventData.generate(0, 700, 1, 0, 1);
    List<Record> second = EventData.generate(700, 300, 1, 0, 2);
    int port;
    try (LocalS3 s3 = LocalS3.start(dir.resolve("store"))) {
      port = s3.port();
      assertThat(s3.endpoint()).isEqualTo("http://127.0.0.1:" + port);
      FloeConfig config =
          FloeConfig.builder().setAll(s3.embeddedConfig("wh", dir.resolve("db"))).build();
      try (Floe floe = Floe.open(config)) {
        Table table =
            floe.tables().createIfAbsent("bench.events", EventData.SCHEMA, EventData.SPEC);
        try (TableWriter writer = TableWriter.forTable(table).producerId("test").build()) {
          writer.append(Batch.of(1, EventData.SCHEMA, first));
          writer.append(Batch.of(2, EventData.SCHEMA, second));
        }
        assertThat(table.location()).startsWith("s3://" + LocalS3.BUCKET + "/wh/");
      }
      try (Floe reopened = Floe.open(config)) {
        assertThat(ids(reopened.tables().load("bench.events")))
            .hasSize(1_000)
            .containsExactlyInAnyOrderElementsOf(ids(first, second));
      }
      // The file-system store: the bytes are files on local disk, as in a local warehouse.
      try (Stream<Path> files = Files.walk(dir.resolve("store"))) {
        assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count()).isEqualTo(32);
      }
      assertThat(accepts(InetAddress.getLoopbackAddress(), port)).isTrue();
      // Loopback only: another address of this machine must not reach it.
      for (InetAddress other : nonLoopbackAddresses()) {
        assertThat(accepts(other, port)).as("reachable on %s", other).isFalse();
      }
    }
    assertThat(accepts(InetAddress.getLoopbackAddress(), port)).isFalse();
  }

  @Test
  void rejectsRequestsSignedWithAnotherSecret() {
    try (LocalS3 s3 = LocalS3.start(dir.resolve("store"))) {
      FloeConfig wrongSecret =
          FloeConfig.builder()
              .setAll(s3.embeddedConfig("wh", dir.resolve("db")))
              .set("s3.secret-access-key", "not-the-secret")
              .build();
      assertThatThrownBy(() -> Floe.open(wrongSecret).close())
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("HTTP 403");
    }
  }

  private static List<Long> ids(Table table) throws IOException {
    List<Long> ids = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      rows.forEach(r -> ids.add((Long) r.getField("id")));
    }
    return ids;
  }

  @SafeVarargs
  private static List<Long> ids(List<Record>... batches) {
    return Stream.of(batches).flatMap(List::stream).map(r -> (Long) r.getField("id")).toList();
  }

  private static boolean accepts(InetAddress address, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 1_000);
      return true;
    } catch (ConnectException e) {
      return false;
    }
  }

  private static List<InetAddress> nonLoopbackAddresses() throws IOException {
    return NetworkInterface.networkInterfaces()
        .filter(
            nic -> {
              try {
                return nic.isUp() && !nic.isLoopback();
              } catch (SocketException e) {
                return false;
              }
            })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address)
        .toList();
  }
}
