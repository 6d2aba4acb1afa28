package dev.floe.serve;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockFileException;
import dev.floe.catalog.exceptions.LockVerificationException;
import dev.floe.timetravel.EqualShards;
import dev.floe.timetravel.Rehydration;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.VerifyResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The Flight side of {@code floe serve} (protocol version 1, {@code docs/serve.md}): {@code
 * GetFlightInfo} on a request answers one endpoint per shard, {@code DoGet} on a ticket streams
 * that shard ({@link ShardStream}), {@code DoAction("health")} says the server is up. Every failure
 * is a Flight status with a one-line description: a bad request {@code INVALID_ARGUMENT}, a lock
 * the table no longer matches {@code FAILED_PRECONDITION}, data that differ from the lock {@code
 * DATA_LOSS}.
 */
final class LockProducer extends NoOpFlightProducer {
  static final String HEALTH = "health";
  private static final byte[] HEALTHY =
      ("{\"status\":\"ok\",\"version\":" + ServeRequest.VERSION + "}")
          .getBytes(StandardCharsets.UTF_8);

  private final Floe floe;
  private final BufferAllocator allocator;
  private final AtomicLong streams = new AtomicLong();
  private int open;
  private volatile boolean stopping;

  LockProducer(Floe floe, BufferAllocator allocator) {
    this.floe = floe;
    this.allocator = allocator;
  }

  @Override
  public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
    try {
      if (!descriptor.isCommand()) {
        throw new IllegalArgumentException(
            "Invalid request: the descriptor must be a command holding the request JSON");
      }
      ServeRequest request = ServeRequest.parse(descriptor.getCommand());
      Rehydration rehydration = verified(request);
      List<FlightEndpoint> endpoints = new ArrayList<>();
      for (int rank = 0; rank < request.worldSize(); rank++) {
        endpoints.add(new FlightEndpoint(new Ticket(request.ticket(rank))));
      }
      Long rows = request.lock().rows();
      // Known up front only for all rows as they are: a part's count is not in the lock.
      long total =
          request.part() == null && request.equal() == EqualShards.NONE && rows != null ? rows : -1;
      return new FlightInfo(rehydration.arrowSchema(), descriptor, endpoints, -1, total);
    } catch (RuntimeException e) {
      throw status(e);
    }
  }

  @Override
  public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
    Rehydration rehydration;
    try {
      ServeRequest request = ServeRequest.parse(ticket.getBytes());
      if (request.rank() == null) {
        throw new IllegalArgumentException("Invalid request: a ticket needs field 'rank'");
      }
      rehydration =
          verified(request)
              .part(request.part())
              .shard(request.rank(), request.worldSize())
              .epoch(request.epoch())
              .equalShards(request.equal());
      if (request.shuffle()) {
        rehydration.shuffle();
      }
    } catch (RuntimeException e) {
      listener.error(status(e));
      return;
    }
    synchronized (this) {
      open++;
    }
    try {
      String name = "floe-serve-stream-" + streams.incrementAndGet();
      new ShardStream(rehydration, allocator, name, () -> stopping).run(listener);
    } finally {
      synchronized (this) {
        open--;
        notifyAll();
      }
    }
  }

  /** Tells running streams to end at their next batch (UNAVAILABLE): the server is stopping. */
  void stop() {
    stopping = true;
  }

  /** Waits up to {@code millis} for the streams still running (cancelled ones wind down). */
  synchronized void awaitStreams(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (open > 0 && System.nanoTime() < deadline) {
      wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
  }

  @Override
  public void listActions(CallContext context, StreamListener<ActionType> listener) {
    listener.onNext(new ActionType(HEALTH, "Whether the server is up: {\"status\":\"ok\"}"));
    listener.onCompleted();
  }

  @Override
  public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
    if (!HEALTH.equals(action.getType())) {
      listener.onError(
          CallStatus.INVALID_ARGUMENT
              .withDescription("Unknown action '" + action.getType() + "' (actions: health)")
              .toRuntimeException());
      return;
    }
    listener.onNext(new Result(HEALTHY));
    listener.onCompleted();
  }

  // The lock checked against the table (metadata only: snapshot, schema, files, counts, tag).
  private Rehydration verified(ServeRequest request) {
    VerifyResult result = TimeTravel.verify(floe, request.lock());
    if (!result.ok()) {
      throw Status.FAILED_PRECONDITION
          .withDescription(
              "The lock of "
                  + request.lock().label()
                  + " does not match the table: "
                  + String.join("; ", result.problems()))
          .asRuntimeException();
    }
    return TimeTravel.rehydrate(floe, request.lock());
  }

  /**
   * The status of a failure, with its one-line message. Flight's own codes have no {@code
   * DATA_LOSS} or {@code FAILED_PRECONDITION}: those go out as gRPC statuses, which Flight passes
   * through unchanged (Java Flight clients read both as {@code INTERNAL} or {@code
   * INVALID_ARGUMENT}; the gRPC code stays in the exception's cause).
   */
  static RuntimeException status(RuntimeException e) {
    if (e instanceof FlightRuntimeException || e instanceof StatusRuntimeException) {
      return e;
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    message = message.lines().findFirst().orElse(message);
    if (e instanceof LockVerificationException) {
      return Status.DATA_LOSS.withDescription(message).withCause(e).asRuntimeException();
    }
    CallStatus status =
        e instanceof IllegalArgumentException || e instanceof LockFileException
            ? CallStatus.INVALID_ARGUMENT
            : CallStatus.INTERNAL;
    return status.withDescription(message).withCause(e).toRuntimeException();
  }
}
