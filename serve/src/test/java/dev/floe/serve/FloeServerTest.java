package dev.floe.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.TempWarehouse;
import dev.floe.timetravel.Split;
import dev.floe.timetravel.TrainingLock;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightGrpcUtils;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real floe serve on 127.0.0.1 (a free port), with real Flight clients. */
class FloeServerTest {
  private static final String TOKEN = "s3cret-token";

  @RegisterExtension final TempWarehouse temp = TempWarehouse.embedded().with(RootAllocator::new);
  private Floe floe;
  private BufferAllocator serverMemory;
  private BufferAllocator clientMemory;
  private FloeServer server;
  private FlightClient client;
  private TrainingLock lock;

  @BeforeEach
  void start() {
    floe = temp.floe();
    serverMemory = temp.resource(BufferAllocator.class);
    clientMemory = new RootAllocator();
    lock = ServedTable.pin(floe, 300, 40, 900, 120, 500, 10);
    server = FloeServer.builder(floe).port(0).token(TOKEN).allocator(serverMemory).build();
    client = FlightClient.builder(clientMemory, server.location()).build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    try {
      client.close();
    } finally {
      server.close();
      clientMemory.close();
    }
  }

  @Test
  void theShardsOfEveryEndpointTogetherAreThePart() {
    assertThat(server.location().getUri().getHost()).isEqualTo("127.0.0.1");
    for (Split.Part part : new Split.Part[] {null, Split.Part.TRAIN, Split.Part.TEST}) {
      List<String> expected = ServedTable.rehydrated(floe, lock, part, serverMemory);
      for (int worldSize : new int[] {1, 2, 4}) {
        FlightInfo info = info(lock, part, worldSize);
        assertThat(info.getEndpoints()).hasSize(worldSize);
        assertThat(info.getRecords()).isEqualTo(part == null ? expected.size() : -1);
        assertThat(info.getSchema().getFields()).hasSize(6);
        List<String> union = new ArrayList<>();
        for (FlightEndpoint endpoint : info.getEndpoints()) {
          union.addAll(rows(endpoint.getTicket()));
        }
        assertThat(union.stream().sorted().toList())
            .as("%s shards of part %s", worldSize, part)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void fourConcurrentClientsEachGetTheirShard() throws Exception {
    FlightInfo info = info(lock, Split.Part.TRAIN, 4);
    List<String> union = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (FlightEndpoint endpoint : info.getEndpoints()) {
        done.add(
            pool.submit(
                () -> {
                  try (FlightClient own =
                      FlightClient.builder(clientMemory, server.location()).build()) {
                    union.addAll(rows(own, endpoint.getTicket()));
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(union.stream().sorted().toList())
        .isEqualTo(ServedTable.rehydrated(floe, lock, Split.Part.TRAIN, serverMemory));
  }

  @Test
  void aTamperedFileEndsTheStreamWithDataLossBeforeAnyOfItsRows() {
    String file = ServedTable.tamperFirstFile(floe, lock, serverMemory);
    FlightInfo info = info(lock, null, 2); // the first unit is shard 0's first
    List<String> seen = new ArrayList<>();
    // Java Flight folds gRPC DATA_LOSS into INTERNAL: read the code off the channel.
    List<Status.Code> codes = Collections.synchronizedList(new ArrayList<>());
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port())
            .usePlaintext()
            .intercept(new StatusCodes(codes))
            .build();
    try (FlightClient watched = FlightGrpcUtils.createFlightClient(clientMemory, channel);
        FlightStream stream = watched.getStream(info.getEndpoints().get(0).getTicket(), bearer())) {
      assertThatThrownBy(
              () -> {
                while (stream.next()) {
                  ServedTable.add(stream.getRoot(), seen);
                }
              })
          .isInstanceOfSatisfying(
              FlightRuntimeException.class,
              e -> {
                assertThat(e.getMessage()).contains("content digest mismatch", file);
              });
    } catch (Exception e) {
      // closing a failed stream rethrows its error
      assertThat(e).isInstanceOf(FlightRuntimeException.class);
    } finally {
      channel.shutdownNow();
    }
    assertThat(codes).contains(Status.Code.DATA_LOSS);
    assertThat(seen).isEmpty();
    assertThat(rows(info.getEndpoints().get(1).getTicket())).isNotEmpty();
  }

  @Test
  void aMissingOrWrongTokenIsRefused() {
    byte[] request = ServedTable.request(lock, r -> r);
    FlightDescriptor descriptor = FlightDescriptor.command(request);
    assertThatThrownBy(() -> client.getInfo(descriptor))
        .isInstanceOfSatisfying(
            FlightRuntimeException.class,
            e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED));
    FlightCallHeaders wrong = new FlightCallHeaders();
    wrong.insert("authorization", "Bearer not-" + TOKEN);
    assertThatThrownBy(() -> client.getInfo(descriptor, new HeaderCallOption(wrong)))
        .isInstanceOfSatisfying(
            FlightRuntimeException.class,
            e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED));
    assertThat(client.getInfo(descriptor, bearer()).getEndpoints()).hasSize(1);
  }

  @Test
  void badRequestsAreInvalidArgumentsWithAOneLineReason() {
    assertInvalid("not json".getBytes(), "Invalid request: not JSON");
    assertInvalid(
        ServedTable.request(lock, r -> r.put("part", "holdout")), "unknown part 'holdout'");
    assertInvalid(
        ServedTable.request(lock, r -> r.put("worldsize", 2)), "unknown field 'worldsize'");
    assertInvalid(ServedTable.request(lock, r -> r.put("version", 2)), "field 'version' must be 1");
    assertInvalid(ServedTable.request(lock, r -> r.put("world_size", 0)), "at least 1");
    byte[] edited =
        ServedTable.text(ServedTable.request(lock, r -> r))
            .replace(lock.contentDigest(), "0".repeat(64))
            .getBytes();
    assertInvalid(edited, "the lock was edited");
    byte[] rankTooBig = ServedTable.request(lock, r -> r.put("world_size", 2).put("rank", 2));
    assertThatThrownBy(() -> rows(new Ticket(rankTooBig)))
        .isInstanceOfSatisfying(
            FlightRuntimeException.class,
            e -> {
              assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains("field 'rank' is 2, must be 0 to 1");
            });
  }

  @Test
  void aClientThatCancelsMidStreamLeavesNoServerMemory() throws Exception {
    TrainingLock big = ServedTable.pin(floe, 40_000, 40_000);
    FlightInfo info = info(big, null, 1);
    try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), bearer())) {
      assertThat(stream.next()).isTrue();
      assertThat(stream.getRoot().getRowCount()).isPositive();
      stream.cancel("enough", null);
    } catch (FlightRuntimeException e) {
      assertThat(e.status().code()).isEqualTo(FlightStatusCode.CANCELLED);
    }
    // The server frees the stream on its own thread once it sees the cancel.
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (serverMemory.getAllocatedMemory() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(serverMemory.getAllocatedMemory()).isZero();
    assertThat((long) rows(info.getEndpoints().get(0).getTicket()).size()).isEqualTo(big.rows());
  }

  @Test
  void closingTheServerEndsAStreamItsClientStoppedReading() throws Exception {
    TrainingLock big = ServedTable.pin(floe, 40_000, 40_000);
    FlightInfo info = info(big, null, 1);
    try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), bearer())) {
      assertThat(stream.next()).isTrue();
      server.close(); // ends the stream blocked on back-pressure, and frees its memory
      assertThat(serverMemory.getAllocatedMemory()).isZero();
      try {
        while (stream.next()) {
          // what was sent before the close, then the end or the cancel
        }
      } catch (FlightRuntimeException e) {
        assertThat(e.status().code())
            .isIn(FlightStatusCode.CANCELLED, FlightStatusCode.UNAVAILABLE);
      }
    } catch (FlightRuntimeException e) {
      // closing the stream after the server went away rethrows the error
    }
  }

  @Test
  void theHealthActionSaysOk() {
    List<String> actions = new ArrayList<>();
    client.listActions(bearer()).forEach((ActionType type) -> actions.add(type.getType()));
    assertThat(actions).containsExactly("health");
    List<String> results = new ArrayList<>();
    client
        .doAction(new Action("health"), bearer())
        .forEachRemaining((Result r) -> results.add(ServedTable.text(r.getBody())));
    assertThat(results).containsExactly("{\"status\":\"ok\",\"version\":1}");
  }

  private void assertInvalid(byte[] request, String reason) {
    assertThatThrownBy(() -> client.getInfo(FlightDescriptor.command(request), bearer()))
        .isInstanceOfSatisfying(
            FlightRuntimeException.class,
            e -> {
              assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains(reason).doesNotContain("\n");
            });
  }

  private FlightInfo info(TrainingLock of, Split.Part part, int worldSize) {
    byte[] request =
        ServedTable.request(
            of,
            r -> {
              r.put("world_size", worldSize);
              return part == null
                  ? r.putNull("part")
                  : r.put("part", part.name().toLowerCase(java.util.Locale.ROOT));
            });
    return client.getInfo(FlightDescriptor.command(request), bearer());
  }

  private List<String> rows(Ticket ticket) {
    return rows(client, ticket);
  }

  private static List<String> rows(FlightClient from, Ticket ticket) {
    List<String> rows = new ArrayList<>();
    try (FlightStream stream = from.getStream(ticket, bearer())) {
      while (stream.next()) {
        ServedTable.add(stream.getRoot(), rows);
      }
    } catch (FlightRuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  private static CallOption bearer() {
    FlightCallHeaders headers = new FlightCallHeaders();
    headers.insert("authorization", "Bearer " + TOKEN);
    return new HeaderCallOption(headers);
  }
}
