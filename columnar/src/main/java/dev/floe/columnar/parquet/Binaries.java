package dev.floe.columnar.parquet;

import java.nio.ByteBuffer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;

/** Writes a page's strings or binaries into a variable-width vector: offsets, bytes, validity. */
final class Binaries {
  private Binaries() {}

  /**
   * Writes the page's next {@code count} entries at {@code at ..}, {@code defined} of them values:
   * all when that is {@code count}, else where the column's decoded definition levels say so, with
   * nulls elsewhere.
   */
  static void write(
      BaseVariableWidthVector vector, int at, int count, int defined, PageColumn column) {
    boolean dense = defined == count;
    ArrowBuf offsets = vector.getOffsetBuffer();
    ArrowBuf validity = vector.getValidityBuffer();
    int end = offsets.getInt((long) at * BaseVariableWidthVector.OFFSET_WIDTH);
    int[] ids = column.ids(defined);
    byte[][] dictionary = ids == null ? null : column.dictionary().bytes();
    ByteBuffer plain = column.plain();
    int next = 0;
    for (int i = 0; i < count; i++) {
      if (dense || column.isDefined(i)) {
        if (ids != null) {
          byte[] value = dictionary[ids[next++]];
          room(vector, end, value.length).setBytes(end, value);
          end += value.length;
        } else if (plain != null) {
          int length = plain.getInt();
          Buffers.copy(plain, room(vector, end, length), end, length);
          end += length;
        } else {
          ByteBuffer value = column.other().readBytes().toByteBuffer();
          int length = value.remaining();
          Buffers.copy(value, room(vector, end, length), end, length);
          end += length;
        }
        BitVectorHelper.setBit(validity, at + i);
      }
      offsets.setInt((long) (at + i + 1) * BaseVariableWidthVector.OFFSET_WIDTH, end);
    }
  }

  // The data buffer, grown to hold `length` more bytes after `end`.
  private static ArrowBuf room(BaseVariableWidthVector vector, int end, int length) {
    while (vector.getDataBuffer().capacity() < (long) end + length) {
      vector.reallocDataBuffer();
    }
    return vector.getDataBuffer();
  }
}
