package dev.floe.columnar.parquet;

import java.nio.ByteBuffer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;

/** The two raw buffer writes every column decoder makes: value bytes and runs of validity bits. */
final class Buffers {
  private Buffers() {}

  /**
   * Copies {@code length} bytes from {@code source}'s position, which moves past them. Arrow's own
   * ByteBuffer copies ignore the array offset of a sliced heap buffer or move its position.
   */
  static void copy(ByteBuffer source, ArrowBuf target, long index, int length) {
    if (source.hasArray()) {
      target.setBytes(index, source.array(), source.arrayOffset() + source.position(), length);
    } else {
      ByteBuffer part = source.duplicate();
      part.limit(part.position() + length);
      target.setBytes(index, part);
    }
    source.position(source.position() + length);
  }

  /** Sets the validity bits of {@code [from, from + count)}, whole bytes at a time. */
  static void valid(ArrowBuf validity, int from, int count) {
    int i = from;
    int end = from + count;
    while (i < end && (i & 7) != 0) {
      BitVectorHelper.setBit(validity, i++);
    }
    int bytes = (end - i) >>> 3;
    if (bytes > 0) {
      validity.setOne((long) (i >>> 3), bytes);
      i += bytes * 8;
    }
    while (i < end) {
      BitVectorHelper.setBit(validity, i++);
    }
  }
}
