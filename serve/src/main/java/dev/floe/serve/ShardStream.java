package dev.floe.serve;

import dev.floe.timetravel.ArrowBatches;
import dev.floe.timetravel.Rehydration;
import java.util.Iterator;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One {@code DoGet}: the shard's batches go out as the read produces them, each only once the
 * client's transport is ready for it (Flight's listener back-pressure), so a stream holds one unit
 * under verification and one batch in flight, never the shard. Everything it allocates comes from
 * its own child allocator, closed when the stream ends however it ends: finished, failed, or
 * cancelled by a client that went away.
 */
final class ShardStream {
  private static final long READY_POLL_MS = 100;

  private final Rehydration rehydration;
  private final BufferAllocator parent;
  private final String name;
  private final BooleanSupplier stopping;

  /** {@code stopping} says the server is shutting down: the stream then ends at once. */
  ShardStream(
      Rehydration rehydration, BufferAllocator parent, String name, BooleanSupplier stopping) {
    this.rehydration = rehydration;
    this.parent = parent;
    this.name = name;
    this.stopping = stopping;
  }

  void run(ServerStreamListener listener) {
    BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
    backpressure.register(listener);
    try (BufferAllocator allocator = parent.newChildAllocator(name, 0, Long.MAX_VALUE);
        ArrowBatches batches = rehydration.arrow(allocator)) {
      Iterator<VectorSchemaRoot> iterator = batches.iterator();
      boolean started = false;
      // hasNext() reads and verifies the next unit before any of its batches is handed out.
      while (iterator.hasNext()) {
        if (!ready(backpressure, listener)) {
          if (stopping.getAsBoolean() && !listener.isCancelled()) {
            listener.error(
                CallStatus.UNAVAILABLE
                    .withDescription("floe serve is shutting down")
                    .toRuntimeException());
          }
          return; // cancelled or stopping: the try closes the read and frees its buffers
        }
        VectorSchemaRoot batch = iterator.next();
        if (!started) {
          listener.start(batch); // the batches reuse this root: one stream, one root
          started = true;
        }
        // Flight copies the batch into the transport here (zero-copy writes are off by default),
        // so the read may reuse the buffers right after.
        listener.putNext();
      }
      if (started) {
        listener.completed();
      } else {
        try (VectorSchemaRoot empty = VectorSchemaRoot.create(batches.schema(), allocator)) {
          listener.start(empty); // an empty shard still tells its schema
          listener.completed();
        }
      }
    } catch (RuntimeException e) {
      if (!listener.isCancelled()) {
        listener.error(LockProducer.status(e));
      }
    }
  }

  private boolean ready(BackpressureStrategy backpressure, ServerStreamListener listener) {
    while (!stopping.getAsBoolean()) {
      BackpressureStrategy.WaitResult result = backpressure.waitForListener(READY_POLL_MS);
      if (result == BackpressureStrategy.WaitResult.READY) {
        return true;
      }
      if (result == BackpressureStrategy.WaitResult.CANCELLED || listener.isCancelled()) {
        return false;
      }
    }
    return false;
  }
}
