package dev.floe.columnar;

import java.math.BigDecimal;
import java.time.Instant;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.iceberg.types.Types;
import org.apache.orc.storage.common.type.HiveDecimal;
import org.apache.orc.storage.ql.exec.vector.ColumnVector;
import org.apache.orc.storage.ql.exec.vector.DecimalColumnVector;
import org.apache.orc.storage.ql.exec.vector.TimestampColumnVector;

/** Timestamps and decimals: values that ORC keeps in a shape of its own. */
final class OrcLogicalColumns {
  private static final long[] POWERS_OF_TEN = new long[19];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  private OrcLogicalColumns() {}

  static OrcColumn decimal(String name, boolean required, Types.DecimalType type) {
    return type.precision() <= 18
        ? new SmallDecimal(name, required, type.precision(), type.scale())
        : new LargeDecimal(name, required, type.precision(), type.scale());
  }

  /**
   * Microseconds (or nanoseconds) since the epoch as ORC's milliseconds plus nano-of-second,
   * floored as {@code Instant} does for times before 1970. A timestamp without zone is marked UTC,
   * as Iceberg's writer marks it, so no reader shifts it by a local zone.
   */
  static final class TimestampColumn extends OrcColumn {
    private final boolean withZone;
    private final long perMilli;
    private final long perSecond;
    private final int nanosPerUnit;

    TimestampColumn(String name, boolean required, boolean withZone, boolean nanos) {
      super(name, required);
      this.withZone = withZone;
      this.perMilli = nanos ? 1_000_000L : 1_000L;
      this.perSecond = perMilli * 1_000L;
      this.nanosPerUnit = nanos ? 1 : 1_000;
    }

    @Override
    void copy(ValueVector source, int[] rows, int n, ColumnVector target, int at) {
      ArrowBuf data = ((BaseFixedWidthVector) source).getDataBuffer();
      TimestampColumnVector timestamps = (TimestampColumnVector) target;
      if (!withZone) {
        timestamps.setIsUTC(true);
      }
      for (int k = 0; k < n; k++) {
        if (!isNull(source, rows[k], target, at + k)) {
          long value = data.getLong((long) rows[k] * Long.BYTES);
          if (value < 0 && value > -perSecond) {
            throw unrepresentable(value * nanosPerUnit, rows[k], name());
          }
          timestamps.time[at + k] = Math.floorDiv(value, perMilli);
          timestamps.nanos[at + k] = (int) Math.floorMod(value, perSecond) * nanosPerUnit;
        }
      }
    }
  }

  /**
   * ORC keeps seconds and nanos with the nanos never negative, and its readers borrow a second only
   * when the stored seconds are negative: no stored pair reads back as an instant in the last
   * second before 1970 (ORC-763). Iceberg's own ORC writer stores those one second late, silently.
   */
  private static IllegalArgumentException unrepresentable(long nanos, int row, String column) {
    return new OrcColumn.BadValue(
        column,
        row,
        String.format(
            "value %s lies in the last second before 1970, which ORC files cannot hold (it would"
                + " read back one second late, ORC-763)",
            Instant.EPOCH.plusNanos(nanos)));
  }

  /**
   * Precision up to 18: the unscaled value is the low 8 bytes of Arrow's 16; a value out of the
   * declared precision is refused, as Iceberg's writer refuses it.
   */
  static final class SmallDecimal extends OrcColumn {
    private final int precision;
    private final int scale;

    SmallDecimal(String name, boolean required, int precision, int scale) {
      super(name, required);
      this.precision = precision;
      this.scale = scale;
    }

    @Override
    void copy(ValueVector source, int[] rows, int n, ColumnVector target, int at) {
      ArrowBuf data = ((DecimalVector) source).getDataBuffer();
      DecimalColumnVector decimals = (DecimalColumnVector) target;
      long limit = POWERS_OF_TEN[precision];
      for (int k = 0; k < n; k++) {
        int row = rows[k];
        if (!isNull(source, row, target, at + k)) {
          long low = data.getLong((long) row * DecimalVector.TYPE_WIDTH);
          long high = data.getLong((long) row * DecimalVector.TYPE_WIDTH + Long.BYTES);
          if (high != (low >> 63) || low <= -limit || low >= limit) {
            throw outOfPrecision(((DecimalVector) source).getObject(row), row);
          }
          decimals.vector[at + k].setFromLongAndScale(low, scale);
        }
      }
    }

    private IllegalArgumentException outOfPrecision(BigDecimal value, int row) {
      return new BadValue(
          name(),
          row,
          String.format("value %s does not fit decimal(%s, %s)", value, precision, scale));
    }
  }

  /** Precision 19 to 38: through BigDecimal, as Iceberg's writer goes. */
  static final class LargeDecimal extends OrcColumn {
    private final int precision;
    private final int scale;

    LargeDecimal(String name, boolean required, int precision, int scale) {
      super(name, required);
      this.precision = precision;
      this.scale = scale;
    }

    @Override
    void copy(ValueVector source, int[] rows, int n, ColumnVector target, int at) {
      DecimalVector vector = (DecimalVector) source;
      DecimalColumnVector decimals = (DecimalColumnVector) target;
      for (int k = 0; k < n; k++) {
        int row = rows[k];
        if (!isNull(source, row, target, at + k)) {
          BigDecimal value = vector.getObject(row);
          if (value.precision() > precision) {
            throw new BadValue(
                name(),
                row,
                String.format("value %s does not fit decimal(%s, %s)", value, precision, scale));
          }
          decimals.vector[at + k].set(HiveDecimal.create(value, false));
        }
      }
    }
  }
}
