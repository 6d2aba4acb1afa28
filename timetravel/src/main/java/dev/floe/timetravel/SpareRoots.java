package dev.floe.timetravel;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Roots whose buffers {@link ReadAhead} passes around again instead of freeing: a batch the caller
 * is done with goes back to the workers, whose decoders write over it. Fresh buffers for every
 * batch cost more than decoding (the memory is zeroed, and large ones are page-faulted in anew).
 *
 * <p>Thread-safe: the caller's thread and the workers' take and give back. At most {@code max}
 * roots wait here; more are closed. {@link #close()} frees those left once nobody gives back.
 */
final class SpareRoots implements AutoCloseable {
  private final Schema schema;
  private final BufferAllocator allocator;
  private final int max;
  private final Queue<VectorSchemaRoot> spares = new ConcurrentLinkedQueue<>();

  SpareRoots(Schema schema, BufferAllocator allocator, int max) {
    this.schema = schema;
    this.allocator = allocator;
    this.max = max;
  }

  /** A recycled root, or a new one with buffers: decoders write into vectors that have some. */
  VectorSchemaRoot take() {
    VectorSchemaRoot spare = spares.poll();
    if (spare == null) {
      spare = VectorSchemaRoot.create(schema, allocator);
      spare.allocateNew();
    }
    return spare;
  }

  /** Keeps {@code root} for a later batch, or closes it when full or when {@code closing}. */
  void giveBack(VectorSchemaRoot root, boolean closing) {
    if (closing || spares.size() >= max) {
      root.close();
    } else {
      spares.offer(root);
    }
  }

  @Override
  public void close() {
    for (VectorSchemaRoot spare = spares.poll(); spare != null; spare = spares.poll()) {
      spare.close();
    }
  }
}
