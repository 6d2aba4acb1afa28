package dev.floe.columnar;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.api.Binary;

/**
 * Decimals from Arrow's 128-bit little-endian two's complement values, written as Iceberg writes
 * them: INT32 up to precision 9, INT64 up to 18, else big-endian FIXED of the fewest bytes for the
 * precision. A value with more digits than the precision is refused, as Iceberg's writer does.
 */
final class ArrowDecimalWriter extends ArrowLeafWriter {
  private static final int WIDTH = DecimalVector.TYPE_WIDTH;

  private final int precision;
  private final int scale;
  private final int fixedBytes;
  private final long limitHigh;
  private final long limitLow;
  private final byte[] scratch;

  ArrowDecimalWriter(
      String column, boolean optional, ColumnDescriptor descriptor, ArrowType.Decimal type) {
    super(column, optional, descriptor, type, DecimalVector.class);
    this.precision = type.getPrecision();
    this.scale = type.getScale();
    this.fixedBytes = descriptor.getPrimitiveType().getTypeLength();
    this.scratch = new byte[fixedBytes];
    BigInteger limit = BigInteger.TEN.pow(precision);
    this.limitHigh = limit.shiftRight(64).longValue();
    this.limitLow = limit.longValue();
  }

  @Override
  void writeValue(int index, int repetitionLevel) {
    long at = (long) index * WIDTH;
    long low = data.getLong(at);
    long high = data.getLong(at + Long.BYTES);
    checkFits(index, low, high);
    if (precision <= 9) {
      out.write((int) low, repetitionLevel, definitionLevel);
    } else if (precision <= 18) {
      out.write(low, repetitionLevel, definitionLevel);
    } else {
      // A slice, never the whole array: Parquet's getBytes() of a whole reused array is the array
      // itself, which the delta encoder would keep as the previous value.
      for (int k = 0; k < fixedBytes; k++) {
        scratch[fixedBytes - 1 - k] = data.getByte(at + k);
      }
      out.write(
          Binary.fromReusedByteArray(scratch, 0, fixedBytes), repetitionLevel, definitionLevel);
    }
  }

  // |value| < 10^precision, on the 128-bit value as two longs (no object per value).
  private void checkFits(int index, long low, long high) {
    long absHigh = high;
    long absLow = low;
    if (high < 0) {
      absLow = -low;
      absHigh = ~high + (low == 0 ? 1 : 0);
    }
    boolean fits =
        absHigh >= 0
            && (absHigh < limitHigh
                || (absHigh == limitHigh && Long.compareUnsigned(absLow, limitLow) < 0));
    if (!fits) {
      BigInteger unscaled =
          BigInteger.valueOf(high).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(low)));
      throw new IllegalArgumentException(
          String.format(
              "Cannot write column %s: value %s, %s, does not fit decimal(%s,%s)",
              column, index, new BigDecimal(unscaled, scale), precision, scale));
    }
  }
}
