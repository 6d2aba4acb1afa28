package dev.floe.columnar.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.junit.jupiter.api.Test;

/** Floe's hybrid decoder must read back exactly what parquet-java's encoder wrote. */
class RleIntsTest {
  @Test
  void decodesRunsAndPackedGroupsOfEveryBitWidthInUnevenChunks() throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    for (int bitWidth = 0; bitWidth <= 20; bitWidth++) {
      int[] values = new int[10_007]; // not a multiple of eight: the last group is cut short
      int max = bitWidth == 0 ? 1 : 1 << bitWidth;
      for (int i = 0; i < values.length; ) {
        int run = 1 + random.nextInt(random.nextBoolean() ? 3 : 200); // short: packed; long: RLE
        int value = random.nextInt(max);
        for (int j = 0; j < run && i < values.length; j++, i++) {
          values[i] = run < 8 ? random.nextInt(max) : value;
        }
      }
      ByteBuffer encoded = encode(values, bitWidth);

      RleInts decoder = new RleInts(encoded, bitWidth);
      int[] decoded = new int[values.length];
      int[] chunk = new int[1000];
      for (int at = 0; at < values.length; ) {
        int take = Math.min(1 + random.nextInt(chunk.length), values.length - at);
        decoder.read(chunk, take);
        System.arraycopy(chunk, 0, decoded, at, take);
        at += take;
      }
      assertThat(decoded).as("bit width %d", bitWidth).isEqualTo(values);
    }
  }

  @Test
  void readingPastTheEncodedValuesIsReportedAsCorrupt() throws Exception {
    int[] values = new int[16];
    Arrays.fill(values, 3);
    RleInts decoder = new RleInts(encode(values, 2), 2);
    decoder.read(new int[16], 16);

    assertThatThrownBy(() -> decoder.read(new int[1], 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Corrupt Parquet page");
  }

  private static ByteBuffer encode(int[] values, int bitWidth) throws Exception {
    try (RunLengthBitPackingHybridEncoder encoder =
        new RunLengthBitPackingHybridEncoder(
            bitWidth, 64, 1 << 20, new HeapByteBufferAllocator())) {
      for (int value : values) {
        encoder.writeInt(value);
      }
      // A slice at an offset, as pages hand them out.
      byte[] bytes = encoder.toBytes().toByteArray();
      byte[] padded = new byte[bytes.length + 7];
      System.arraycopy(bytes, 0, padded, 7, bytes.length);
      return ByteBuffer.wrap(padded, 7, bytes.length).slice();
    }
  }
}
