package dev.floe.timetravel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;

/**
 * The gate of a read on per-file digests ({@link FileDigests#gated()}): holds a file's batches back
 * until the digest unit of their last row is accepted, so a rejected unit throws before any of its
 * batches is handed out. Used by the caller's thread of {@link ReadAhead} only.
 */
final class VerifiedChunks {
  private final FileDigests digests;
  private final Deque<DecodedChunk> pending = new ArrayDeque<>(); // the current file's batches
  private int verifiedUnits; // of the current file

  VerifiedChunks(FileDigests digests) {
    this.digests = digests;
  }

  /**
   * The next chunk of file {@code file}, from {@code queue}, once the digest unit of its last row
   * is accepted: the unit's batches wait here meanwhile. A failed chunk comes back at once.
   */
  DecodedChunk take(int file, BlockingQueue<DecodedChunk> queue) {
    while (true) {
      DecodedChunk first = pending.peek();
      if (first != null && (!first.isBatch() || first.unit() < verifiedUnits)) {
        if (first.isEnd()) {
          verifiedUnits = 0; // the next file's count starts
        }
        return pending.poll();
      }
      DecodedChunk chunk = ReadAhead.take(queue);
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

  /** Frees the batches held back; after a rejected unit or when the read closes early. */
  void release() {
    pending.forEach(ReadAhead::release);
    pending.clear();
  }
}
