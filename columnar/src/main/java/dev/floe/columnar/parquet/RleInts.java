package dev.floe.columnar.parquet;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * Parquet's RLE / bit-packing hybrid encoding of small ints (definition levels and dictionary ids),
 * decoded a run at a time into an int array: a run of one value is a fill, eight packed values are
 * one unpack call, where parquet-java's decoder costs a call per value.
 */
final class RleInts {
  private final ByteBuffer in;
  private final int bitWidth;
  private final int valueBytes;
  private final BytePacker packer;
  private final int[] packed = new int[8];
  private final byte[] tail;
  private int repeated; // values left in the current RLE run
  private int repeatedValue;
  private int packedLeft; // values left in the current bit-packed run, in groups of eight
  private int packedAt = 8; // next value of `packed` to hand out

  /** Decodes {@code in} from its position to its limit; the buffer is not copied. */
  RleInts(ByteBuffer in, int bitWidth) {
    Preconditions.checkArgument(
        bitWidth >= 0 && bitWidth <= 32, "Corrupt Parquet page: bit width %s", bitWidth);
    this.in = in;
    this.bitWidth = bitWidth;
    this.valueBytes = (bitWidth + 7) / 8;
    this.packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
    this.tail = new byte[bitWidth];
  }

  /** Fills {@code out[0, n)} with the next {@code n} values. */
  void read(int[] out, int n) {
    int at = 0;
    while (at < n) {
      if (repeated > 0) {
        int take = Math.min(repeated, n - at);
        Arrays.fill(out, at, at + take, repeatedValue);
        repeated -= take;
        at += take;
      } else if (packedAt < 8) {
        int take = Math.min(8 - packedAt, Math.min(packedLeft, n - at));
        System.arraycopy(packed, packedAt, out, at, take);
        packedAt += take;
        packedLeft -= take;
        at += take;
        if (packedLeft == 0) {
          packedAt = 8;
        }
      } else if (packedLeft >= 8 && n - at >= 8 && in.remaining() >= bitWidth) {
        packer.unpack8Values(in, in.position(), out, at); // straight into the output
        in.position(in.position() + bitWidth);
        packedLeft -= 8;
        at += 8;
      } else if (packedLeft > 0) {
        unpackGroup();
      } else {
        readHeader();
      }
    }
  }

  private void unpackGroup() {
    if (in.remaining() >= bitWidth) {
      packer.unpack8Values(in, in.position(), packed, 0);
      in.position(in.position() + bitWidth);
    } else {
      // The last group of a page may be cut short: the missing values are padding.
      Arrays.fill(tail, (byte) 0);
      int available = in.remaining();
      in.get(tail, 0, available);
      packer.unpack8Values(tail, 0, packed, 0);
    }
    packedAt = 0;
  }

  private void readHeader() {
    Preconditions.checkState(
        in.hasRemaining(), "Corrupt Parquet page: fewer encoded values than expected");
    int header = varInt();
    if ((header & 1) == 0) {
      repeated = header >>> 1;
      int value = 0;
      for (int i = 0; i < valueBytes; i++) {
        value |= (in.get() & 0xFF) << (8 * i);
      }
      repeatedValue = value;
    } else {
      packedLeft = (header >>> 1) * 8;
    }
  }

  private int varInt() {
    int value = 0;
    for (int shift = 0; ; shift += 7) {
      int b = in.get() & 0xFF;
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
  }
}
