package dev.floe.cli;

import dev.floe.ingest.ArrowInput;
import dev.floe.ingest.Batch;
import dev.floe.ingest.files.InputFiles;
import dev.floe.ingest.files.InputOptions;
import dev.floe.ingest.files.RowBatches;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads and parses a file's batches on a thread of its own, at most two ahead of the caller, who
 * converts and hands them to the writer meanwhile: two cores busy, memory bounded. Batches are cut
 * where {@link FileKey#rowsFrom} says. A read error reaches the caller at the batch it stopped;
 * {@link #close} stops the thread and closes the file.
 */
final class ReadAhead implements AutoCloseable {
  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
  private final Thread thread;
  private volatile boolean stopped;

  ReadAhead(FileKey key, InputOptions options, int batchRows) {
    this.thread = new Thread(() -> read(key, options, batchRows), "floe-ingest-read-" + key.file());
    thread.setDaemon(true);
    thread.start();
  }

  /** The next batch, or null at the end of the file; throws what stopped the reading. */
  Batch next() {
    Object next;
    try {
      next = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading input", e);
    }
    if (next instanceof RuntimeException e) {
      throw e;
    }
    return next == END ? null : (Batch) next;
  }

  @Override
  public void close() {
    stopped = true;
    drain(); // a reader waiting to put sees stopped
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    drain(); // what it put meanwhile
  }

  /** Empties the queue, closing the Arrow buffers of batches never taken. */
  private void drain() {
    for (Object item = queue.poll(); item != null; item = queue.poll()) {
      if (item instanceof Batch batch) {
        ArrowInput.release(batch);
      }
    }
  }

  /**
   * Opens the file again and reads it to batch {@code index} as this did: to point an error about a
   * row of that batch at its line, which the reader has moved past. Reads map rows: only the
   * positions matter, which both kinds of batch share.
   */
  static RowBatches reopenAt(FileKey key, InputOptions options, int batchRows, long index) {
    RowBatches input = InputFiles.open(key.file(), options.withArrowInput(null));
    long row = 0;
    for (long i = 0; i <= index; i++) {
      Batch batch = input.next(0, key.rowsFrom(row, batchRows));
      row += batch == null ? 0 : batch.size();
    }
    return input;
  }

  private void read(FileKey key, InputOptions options, int batchRows) {
    Object last = END;
    try (RowBatches input = InputFiles.open(key.file(), options)) {
      long row = 0;
      while (!stopped) {
        Batch batch = input.next(0, key.rowsFrom(row, batchRows));
        if (batch == null) {
          break;
        }
        put(batch);
        row += batch.size();
      }
    } catch (RuntimeException e) {
      last = e;
    }
    put(last);
  }

  private void put(Object item) {
    boolean put = false;
    try {
      while (!stopped && !(put = queue.offer(item, 50, TimeUnit.MILLISECONDS))) {
        // the caller is behind: wait, unless it stopped
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!put && item instanceof Batch batch) {
      ArrowInput.release(batch); // the caller stopped: nobody takes it
    }
  }
}
