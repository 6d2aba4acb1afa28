package dev.floe.timetravel;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * What a {@link ReadAhead} worker queues for a file: one batch (with the index of the digest unit
 * its last row belongs to), a count of the file's units hashed and accepted so far, the end of the
 * file (with its digest if one was taken), or a failure.
 */
record DecodedChunk(
    VectorSchemaRoot root, RuntimeException error, int unit, FileDigest file, boolean isEnd) {
  static DecodedChunk batch(VectorSchemaRoot root, int unit) {
    return new DecodedChunk(root, null, unit, null, false);
  }

  static DecodedChunk unitsVerified(int count) {
    return new DecodedChunk(null, null, count, null, false);
  }

  static DecodedChunk failure(RuntimeException error) {
    return new DecodedChunk(null, error, 0, null, false);
  }

  static DecodedChunk end(FileDigest file) {
    return new DecodedChunk(null, null, 0, file, true);
  }

  boolean isBatch() {
    return root != null;
  }
}
