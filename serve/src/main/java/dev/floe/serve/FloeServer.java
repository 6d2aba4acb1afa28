package dev.floe.serve;

import dev.floe.catalog.Floe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Serves training locks over Arrow Flight ({@code floe serve}; the protocol is {@code
 * docs/serve.md}): a client sends a lock (its JSON, never a path on the server) and gets one
 * endpoint per shard; each shard streams verified rows. Listens on 127.0.0.1 unless told otherwise.
 *
 * <pre>{@code
 * try (FloeServer server = FloeServer.builder(floe).port(0).token(secret).build()) {
 *   System.out.println(server.location()); // grpc://127.0.0.1:<a free port>
 *   server.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Memory: each stream reads from its own child allocator of the server's ({@link
 * Builder#allocator}), closed when the stream ends or its client goes away.
 */
public final class FloeServer implements AutoCloseable {
  /** The default port, Flight's customary one. */
  public static final int DEFAULT_PORT = 8815;

  /** The default host: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  private static final long CLOSE_WAIT_MS = 10_000;

  private final FlightServer server;
  private final BufferAllocator allocator;
  private final BufferAllocator owned;
  private final String host;
  private final LockProducer producer;
  private boolean closed;

  private FloeServer(Builder builder) {
    this.host = builder.host;
    this.owned = builder.allocator == null ? new RootAllocator() : null;
    BufferAllocator parent = builder.allocator == null ? owned : builder.allocator;
    this.allocator = parent.newChildAllocator("floe-serve", 0, Long.MAX_VALUE);
    try {
      this.producer = new LockProducer(builder.floe, allocator);
      FlightServer.Builder flight =
          FlightServer.builder(allocator, Location.forGrpcInsecure(host, builder.port), producer);
      if (builder.token != null) {
        flight.headerAuthenticator(new BearerToken(builder.token));
      }
      this.server = flight.build().start();
    } catch (IOException e) {
      closeAllocators();
      throw new UncheckedIOException(
          "Cannot serve on " + host + ":" + builder.port + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAllocators();
      throw e;
    }
  }

  /** Starts a server of the tables of {@code floe}; end with {@link Builder#build()}. */
  public static Builder builder(Floe floe) {
    return new Builder(Objects.requireNonNull(floe, "floe"));
  }

  /** Where clients connect: {@code grpc+tcp://host:port}, with the port actually bound. */
  public Location location() {
    return Location.forGrpcInsecure(host, port());
  }

  /** The port bound (the free one picked, when asked for port 0). */
  public int port() {
    return server.getPort();
  }

  /** Waits until the server is shut down ({@link #close()} from another thread). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Stops listening, cancels open streams, and frees their memory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return; // a shutdown hook and the owner may both close it
    }
    closed = true;
    try {
      producer.stop(); // streams end at their next batch, so the server stops within its grace
      server.close(); // cancels the calls still open after a grace period
      producer.awaitStreams(CLOSE_WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeAllocators();
    }
  }

  private void closeAllocators() {
    try {
      allocator.close();
    } finally {
      if (owned != null) {
        owned.close();
      }
    }
  }

  /** Options of a {@link FloeServer}; {@link #build()} starts it. */
  public static final class Builder {
    private final Floe floe;
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private String token;
    private BufferAllocator allocator;

    private Builder(Floe floe) {
      this.floe = floe;
    }

    /** The address to listen on; default 127.0.0.1, this machine only. */
    public Builder host(String newHost) {
      this.host = Objects.requireNonNull(newHost, "host");
      return this;
    }

    /** The port; 0 picks a free one ({@link FloeServer#port()}); default 8815. */
    public Builder port(int newPort) {
      Preconditions.checkArgument(
          newPort >= 0 && newPort <= 65535, "Invalid port %s: must be 0 to 65535", newPort);
      this.port = newPort;
      return this;
    }

    /**
     * Refuses every call without header {@code authorization: Bearer <token>} ({@code
     * UNAUTHENTICATED}); default none.
     */
    public Builder token(String newToken) {
      Objects.requireNonNull(newToken, "token");
      Preconditions.checkArgument(!newToken.isBlank(), "Invalid token: it is blank");
      this.token = newToken;
      return this;
    }

    /** The allocator streams allocate from (through child allocators); default the server's own. */
    public Builder allocator(BufferAllocator newAllocator) {
      this.allocator = Objects.requireNonNull(newAllocator, "allocator");
      return this;
    }

    /** Binds and starts the server; throws if the address cannot be bound. */
    public FloeServer build() {
      return new FloeServer(this);
    }
  }
}
