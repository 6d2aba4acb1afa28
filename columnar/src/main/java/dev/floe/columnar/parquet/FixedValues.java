package dev.floe.columnar.parquet;

import java.nio.ByteBuffer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Values that are not one machine word in both Parquet and Arrow: fixed-length bytes (UUIDs, fixed)
 * copied as they are, and decimals, whose unscaled value Parquet stores in an int32, an int64 or
 * big-endian bytes and Arrow holds as 16 little-endian bytes, sign-extended.
 */
final class FixedValues {
  /** Bytes per value of Arrow's 128-bit decimal vector. */
  static final int DECIMAL_WIDTH = 16;

  private FixedValues() {}

  /**
   * Writes the next fixed-length value of {@code column} (dictionary id {@code id}, or -1 for the
   * page's own values) to {@code data} at byte {@code index}.
   */
  static void bytes(PageColumn column, ArrowBuf data, long index, int id, int width) {
    if (id >= 0) {
      data.setBytes(index, column.dictionary().bytes()[id]);
    } else if (column.plain() != null) {
      Buffers.copy(column.plain(), data, index, width);
    } else {
      ByteBuffer value = column.other().readBytes().toByteBuffer();
      checkLength(column, value.remaining(), width);
      Buffers.copy(value, data, index, width);
    }
  }

  /** Writes the next decimal of {@code column}, stored as {@code physical}, as Arrow's 16 bytes. */
  static void decimal(
      PageColumn column, PrimitiveTypeName physical, ArrowBuf data, long index, int id) {
    long low;
    long high;
    switch (physical) {
      case INT32 -> {
        low = id >= 0 ? column.dictionary().ints()[id] : column.nextInt();
        high = low >> 63;
      }
      case INT64 -> {
        low = id >= 0 ? column.dictionary().longs()[id] : column.nextLong();
        high = low >> 63;
      }
      default -> {
        byte[] bigEndian = id >= 0 ? column.dictionary().bytes()[id] : nextBytes(column);
        // Sign-extend, then shift the bytes in, most significant first.
        high = bigEndian.length > 0 && bigEndian[0] < 0 ? -1L : 0L;
        low = high;
        for (byte b : bigEndian) {
          high = (high << 8) | (low >>> 56);
          low = (low << 8) | (b & 0xFF);
        }
      }
    }
    data.setLong(index, low);
    data.setLong(index + Long.BYTES, high);
  }

  private static byte[] nextBytes(PageColumn column) {
    int length = column.descriptor().getPrimitiveType().getTypeLength();
    byte[] value;
    if (column.plain() != null) {
      value = new byte[length];
      column.plain().get(value);
    } else {
      value = column.other().readBytes().getBytes();
      checkLength(column, value.length, length);
    }
    return value;
  }

  private static void checkLength(PageColumn column, int actual, int expected) {
    Preconditions.checkState(
        actual == expected,
        "Corrupt Parquet file: column %s holds a %s-byte value where its type has %s",
        column.name(),
        actual,
        expected);
  }
}
