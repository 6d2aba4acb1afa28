package dev.floe.timetravel;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * What a {@link ReadAhead} worker queues for a file: one batch, or the end of the file (no root;
 * its digest if one was taken), or a failure.
 */
record DecodedChunk(VectorSchemaRoot root, RuntimeException error, long rows, String digest) {
  static DecodedChunk batch(VectorSchemaRoot root) {
    return new DecodedChunk(root, null, 0, null);
  }

  static DecodedChunk failure(RuntimeException error) {
    return new DecodedChunk(null, error, 0, null);
  }

  static DecodedChunk end(long rows, String digest) {
    return new DecodedChunk(null, null, rows, digest);
  }

  boolean isEnd() {
    return root == null && error == null;
  }
}
