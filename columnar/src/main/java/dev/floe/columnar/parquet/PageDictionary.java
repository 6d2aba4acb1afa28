package dev.floe.columnar.parquet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * A column chunk's dictionary, decoded once into the form {@link PageColumn} writes: raw 64-bit or
 * 32-bit patterns (doubles and floats by their bits, so NaN payloads and -0.0 survive) or bytes
 * (binaries, and fixed-length values such as UUIDs).
 */
record PageDictionary(long[] longs, int[] ints, byte[][] bytes) {
  /** Decodes {@code page}; null when there is none. */
  static PageDictionary decode(DictionaryPage page, PrimitiveType type, String column) {
    PrimitiveTypeName physical = type.getPrimitiveTypeName();
    if (page == null) {
      return null;
    }
    Preconditions.checkState(
        page.getEncoding() == Encoding.PLAIN || page.getEncoding() == Encoding.PLAIN_DICTIONARY,
        "Cannot read column %s: dictionary encoded as %s",
        column,
        page.getEncoding());
    ByteBuffer in;
    try {
      in = page.getBytes().toByteBuffer().slice().order(ByteOrder.LITTLE_ENDIAN);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot read the dictionary of " + column, e);
    }
    int size = page.getDictionarySize();
    switch (physical) {
      case INT64, DOUBLE -> {
        long[] values = new long[size];
        in.asLongBuffer().get(values);
        return new PageDictionary(values, null, null);
      }
      case INT32, FLOAT -> {
        int[] values = new int[size];
        in.asIntBuffer().get(values);
        return new PageDictionary(null, values, null);
      }
      case BINARY -> {
        byte[][] values = new byte[size][];
        for (int i = 0; i < size; i++) {
          values[i] = new byte[in.getInt()];
          in.get(values[i]);
        }
        return new PageDictionary(null, null, values);
      }
      case FIXED_LEN_BYTE_ARRAY -> {
        // Plain fixed-length values carry no length prefix.
        byte[][] values = new byte[size][];
        for (int i = 0; i < size; i++) {
          values[i] = new byte[type.getTypeLength()];
          in.get(values[i]);
        }
        return new PageDictionary(null, null, values);
      }
      default ->
          throw new IllegalStateException(
              "Cannot read column " + column + ": a dictionary of " + physical);
    }
  }
}
