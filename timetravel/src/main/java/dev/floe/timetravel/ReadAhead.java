package dev.floe.timetravel;

import dev.floe.columnar.ArrowLayout;
import dev.floe.columnar.RowAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * Buffers are recycled ({@link SpareRoots}).
 */
final class ReadAhead implements AutoCloseable {
  private static final int DEPTH = 3;

  private final Schema schema;
  private final BufferAllocator allocator;
  private final int batchSize;
  private final ExecutorService pool;
  private final List<BlockingQueue<DecodedChunk>> queues = new ArrayList<>();
  private final SpareRoots spares;
  private VectorSchemaRoot scratch; // the caller's, for swapping buffers
  private final AtomicInteger vectorizedFiles = new AtomicInteger();
  private volatile boolean closed;
  private final IntConsumer onFile;
  private final FileDigests digests;
  // Gated: file i is decoded only once the caller has passed file i - window. By index, not by a
  // count of permits: a worker that lost the race to later files would otherwise wait forever.
  private final int window;
  private int passedFiles; // guarded by this
  private final VerifiedChunks verified; // null unless gated
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
    this.verified = digests != null && digests.gated() ? new VerifiedChunks(digests) : null;
    this.onFile = onFile;
    this.allocator = allocator;
    this.batchSize = batchSize;
    // Enough spare roots for every batch in flight: a root closed here is allocated (and zeroed)
    // again for a later batch. A gated read also holds a unit's batches back.
    boolean gatedRead = digests != null && digests.gated();
    this.spares =
        new SpareRoots(
            ArrowLayout.of(schema),
            allocator,
            threads * ((gatedRead ? 2 * DEPTH : DEPTH) + 2) + 1 + (gatedRead ? DEPTH : 0));
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
          verified != null ? verified.take(file, queues.get(file)) : take(queues.get(file));
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
    VectorSchemaRoot own = spares.take();
    try (VectorSchemaRoot swap = VectorSchemaRoot.create(own.getSchema(), allocator)) {
      FileBatches batches = opener.open(own, RowAppender.into(own, schema));
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
          VectorSchemaRoot chunk = spares.take();
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

  // Called by the caller's thread and the workers'; close() frees what is left after the workers
  // have stopped.
  private void recycle(VectorSchemaRoot root) {
    spares.giveBack(root, closed);
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

  static DecodedChunk take(BlockingQueue<DecodedChunk> queue) {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the next batch", e);
    }
  }

  static void release(DecodedChunk chunk) {
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
    if (verified != null) {
      verified.release();
    }
    spares.close();
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
