package dev.floe.timetravel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Decodes the next files on worker threads while the caller consumes the current one, and hands out
 * their batches strictly in file order: the same batches as a sequential read, sooner.
 *
 * <p>Each file is decoded into a private root and each batch's buffers are moved (not copied) into
 * a queue of at most {@link #DEPTH} batches per file, then moved into the caller's root; all
 * buffers come from the caller's allocator. At most {@code threads} files are in flight, so memory
 * stays at about {@code threads * (DEPTH + 1)} batches. A read gated on per-file digests ({@link
 * FileDigests}) holds back each digest unit's batches until the unit is accepted: with {@code
 * floe-digest/2} one row group or stripe (and the batch that reaches into the next), so memory
 * stays bounded by a row group; with {@code /1} whole files, up to {@code threads + 1} of them.
 *
 * <p>Buffers are recycled: the caller's previous batch goes back to the workers, whose decoders
 * write over it. Fresh buffers for every batch cost more than decoding (the memory is zeroed, and
 * large ones are page-faulted in anew).
 */
final class ReadAhead implements AutoCloseable {
  private static final int DEPTH = 3;

  private final Schema schema;
  private final BufferAllocator allocator;
  private final int batchSize;
  private final ExecutorService pool;
  private final List<BlockingQueue<DecodedChunk>> queues = new ArrayList<>();
  private final Queue<VectorSchemaRoot> spares = new ConcurrentLinkedQueue<>();
  private final int maxSpares;
  private VectorSchemaRoot scratch; // the caller's, for swapping buffers
  private final AtomicInteger vectorizedFiles = new AtomicInteger();
  private volatile boolean closed;
  private final IntConsumer onFile;
  private final FileDigests digests;
  // Gated: file i is decoded only once the caller has passed file i - window. By index, not by a
  // count of permits: a worker that lost the race to later files would otherwise wait forever.
  private final int window;
  private int passedFiles; // guarded by this
  private final Deque<DecodedChunk> pending = new ArrayDeque<>(); // a gated file's batches
  private int verifiedUnits; // of the current file, when gated
  private int file;
  private int announced = -1;
  private DecodedChunk head;

  ReadAhead(
      Schema schema,
      List<ArrowBatches.Opener> files,
      BufferAllocator allocator,
      int batchSize,
      int threads,
      IntConsumer onFile,
      FileDigests digests) {
    this.schema = schema;
    this.digests = digests;
    this.onFile = onFile;
    this.allocator = allocator;
    this.batchSize = batchSize;
    // Enough spare roots for every batch in flight: a root closed here is allocated (and zeroed)
    // again for a later batch. A gated read also holds a unit's batches back.
    boolean gatedRead = digests != null && digests.gated();
    this.maxSpares = threads * ((gatedRead ? 2 * DEPTH : DEPTH) + 2) + 1 + (gatedRead ? DEPTH : 0);
    AtomicInteger names = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "floe-read-ahead-" + names.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    // A FIFO pool starts files in order, so the file the caller waits for is always running.
    // A gated read hands out a file only once all of it is decoded: a bounded queue would stall
    // the worker on the next file until the caller got there, and decoding would stop overlapping.
    boolean gated = digests != null && digests.gated();
    boolean wholeFiles = gated && !digests.units();
    this.window = wholeFiles ? threads + 1 : Integer.MAX_VALUE;
    for (int i = 0; i < files.size(); i++) {
      ArrowBatches.Opener opener = files.get(i);
      int index = i;
      // Unit markers take places in the queue as well as batches.
      BlockingQueue<DecodedChunk> queue =
          wholeFiles
              ? new LinkedBlockingQueue<>()
              : new ArrayBlockingQueue<>(gated ? 2 * DEPTH : DEPTH);
      queues.add(queue);
      pool.execute(() -> decode(index, opener, queue));
    }
    pool.shutdown();
  }

  static int defaultThreads() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  int vectorizedFiles() {
    return vectorizedFiles.get();
  }

  /** Whether another batch follows; waits for it. */
  boolean hasNext() {
    while (head == null) {
      if (file >= queues.size()) {
        return false;
      }
      if (announced < file) {
        announced = file;
        onFile.accept(file + 1); // 1-based, as a sequential read tells it
      }
      DecodedChunk chunk =
          digests != null && digests.gated() ? takeVerified() : take(queues.get(file));
      if (chunk.error() != null) {
        throw chunk.error();
      }
      if (chunk.isEnd()) {
        if (digests != null && !digests.gated()) {
          digests.finished(file, chunk.file());
        }
        synchronized (this) {
          passedFiles++;
          notifyAll();
        }
        file++;
      } else if (chunk.isBatch()) {
        head = chunk;
      }
    }
    return true;
  }

  /**
   * The next chunk of the current file once the digest unit of its last row is accepted: the unit's
   * batches wait here meanwhile. A rejected unit throws before any of its batches is handed out
   * (close() frees them).
   */
  private DecodedChunk takeVerified() {
    while (true) {
      DecodedChunk first = pending.peek();
      if (first != null && (!first.isBatch() || first.unit() < verifiedUnits)) {
        if (first.isEnd()) {
          verifiedUnits = 0; // the next file's count starts
        }
        return pending.poll();
      }
      DecodedChunk chunk = take(queues.get(file));
      if (chunk.error() != null) {
        return chunk;
      }
      if (chunk.isEnd()) {
        digests.finished(file, chunk.file());
        verifiedUnits = Integer.MAX_VALUE;
        pending.add(chunk);
      } else if (chunk.isBatch()) {
        pending.add(chunk);
      } else {
        verifiedUnits = chunk.unit();
      }
    }
  }

  /** Moves the next batch into {@code root} and returns its row count. */
  int next(VectorSchemaRoot root) {
    Preconditions.checkState(hasNext(), "No more batches");
    DecodedChunk chunk = head;
    head = null;
    if (scratch == null) {
      scratch = VectorSchemaRoot.create(root.getSchema(), allocator);
    }
    ArrowBatches.swap(chunk.root(), root, scratch);
    recycle(chunk.root());
    return root.getRowCount();
  }

  private void decode(int index, ArrowBatches.Opener opener, BlockingQueue<DecodedChunk> queue) {
    try {
      synchronized (this) {
        while (index >= (long) passedFiles + window && !closed) {
          wait();
        }
      }
      try {
        decodeFile(index, opener, queue);
      } catch (RuntimeException | Error e) {
        RuntimeException error =
            e instanceof RuntimeException runtime
                ? runtime
                : new IllegalStateException("Cannot read data file: " + e, e);
        put(queue, DecodedChunk.failure(error));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing: close() drains the queue
    }
  }

  private void decodeFile(int index, ArrowBatches.Opener opener, BlockingQueue<DecodedChunk> queue)
      throws InterruptedException {
    // The file's own root is recycled too: a fresh one per file costs as much as decoding it.
    VectorSchemaRoot own = spare();
    try (VectorSchemaRoot swap = VectorSchemaRoot.create(own.getSchema(), allocator)) {
      FileBatches batches = opener.open(own, ArrowBatches.writers(schema, own));
      try {
        // The file is hashed here, on the thread that decodes it; when gated, a unit that is not
        // the lock's throws here, before its batches are queued.
        FileDigester digester =
            digests == null ? null : digests.digester(index, own.getSchema().getFields(), batches);
        if (batches.vectorized()) {
          vectorizedFiles.incrementAndGet();
        }
        while (!closed && batches.hasNext()) {
          batches.next(own, null);
          int finished = 0;
          if (digester != null) {
            finished = digester.finishedUnits();
            digester.update(own, batches.positions());
          }
          VectorSchemaRoot chunk = spare();
          ArrowBatches.swap(
              own, chunk, swap); // own keeps its vector objects, so the writers stay bound to them
          put(queue, DecodedChunk.batch(chunk, digester == null ? 0 : digester.currentUnit()));
          if (digester != null && digests.gated() && digester.finishedUnits() > finished) {
            put(queue, DecodedChunk.unitsVerified(digester.finishedUnits()));
          }
        }
        if (!closed) {
          put(queue, DecodedChunk.end(digester == null ? null : digester.fileDigest()));
        }
      } finally {
        batches.close();
      }
    } finally {
      recycle(own);
    }
  }

  // A recycled root, or a new one with buffers: decoders write into vectors that have some.
  private VectorSchemaRoot spare() {
    VectorSchemaRoot spare = spares.poll();
    if (spare == null) {
      spare = VectorSchemaRoot.create(ArrowWriters.arrowSchema(schema), allocator);
      spare.allocateNew();
    }
    return spare;
  }

  // Called by the caller's thread and the workers'; close() frees what is left after the workers
  // have stopped.
  private void recycle(VectorSchemaRoot root) {
    if (closed || spares.size() >= maxSpares) {
      root.close();
    } else {
      spares.offer(root);
    }
  }

  private void put(BlockingQueue<DecodedChunk> queue, DecodedChunk chunk)
      throws InterruptedException {
    if (closed) {
      release(chunk);
      return;
    }
    try {
      queue.put(chunk);
    } catch (InterruptedException e) {
      release(chunk); // closing: nobody takes it
      throw e;
    }
  }

  private static DecodedChunk take(BlockingQueue<DecodedChunk> queue) {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the next batch", e);
    }
  }

  private static void release(DecodedChunk chunk) {
    if (chunk != null && chunk.root() != null) {
      chunk.root().close();
    }
  }

  /** Stops the workers and frees every batch not handed out. */
  @Override
  public void close() {
    closed = true;
    pool.shutdownNow();
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    release(head);
    head = null;
    pending.forEach(ReadAhead::release);
    pending.clear();
    for (VectorSchemaRoot spare = spares.poll(); spare != null; spare = spares.poll()) {
      spare.close();
    }
    if (scratch != null) {
      scratch.close();
    }
    for (BlockingQueue<DecodedChunk> queue : queues) {
      for (DecodedChunk chunk = queue.poll(); chunk != null; chunk = queue.poll()) {
        release(chunk);
      }
    }
  }
}
