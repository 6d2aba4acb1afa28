package dev.floe.ingest.profile;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Comparator;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.theta.UpdateSketch;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Accumulates one primitive column's profile value by value, in Iceberg's internal representation.
 * Both the row path and the vector path feed this one class, so a batch gives the same sketches
 * whichever way it arrives. Fixed-width values take the unboxed {@link #addLong}/{@link #addDouble}
 * (no allocation per value); the theta sketch is fed {@code Conversions.toByteBuffer}'s bytes, as
 * Iceberg's spec for {@code apache-datasketches-theta-v1} says.
 */
final class ColumnSketcher {
  private final Types.NestedField field;
  private final Type.TypeID id;
  private final Comparator<Object> order;
  private final UpdateSketch theta = UpdateSketch.builder().build();
  private final KllDoublesSketch quantiles;
  private final ItemsSketch<String> frequent;
  private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
  private long rows;
  private long nulls;
  private long nans;
  private boolean seen;
  private long minLong;
  private long maxLong;
  private double minDouble;
  private double maxDouble;
  private Object min;
  private Object max;

  ColumnSketcher(Types.NestedField field) {
    this.field = field;
    this.id = field.type().typeId();
    this.order = ColumnProfile.comparator(field.type());
    this.quantiles = numeric(field.type()) ? KllDoublesSketch.newHeapInstance() : null;
    this.frequent =
        id == Type.TypeID.STRING ? new ItemsSketch<>(ColumnProfile.FREQUENT_ITEMS_MAP_SIZE) : null;
  }

  static boolean numeric(Type type) {
    return switch (type.typeId()) {
      case INTEGER, LONG, FLOAT, DOUBLE, DECIMAL, DATE, TIME, TIMESTAMP, TIMESTAMP_NANO -> true;
      default -> false;
    };
  }

  /** Whether values of this column go through {@link #addLong} (int, date, long, time, ts). */
  boolean integral() {
    return switch (id) {
      case INTEGER, DATE, LONG, TIME, TIMESTAMP, TIMESTAMP_NANO -> true;
      default -> false;
    };
  }

  /** Whether values of this column go through {@link #addDouble} (float, double). */
  boolean floating() {
    return id == Type.TypeID.FLOAT || id == Type.TypeID.DOUBLE;
  }

  void addNull() {
    rows++;
    nulls++;
  }

  /** A value in Iceberg's internal representation (boxed), any primitive type. */
  void add(Object value) {
    if (value == null) {
      addNull();
    } else if (integral()) {
      addLong(((Number) value).longValue());
    } else if (floating()) {
      addDouble(((Number) value).doubleValue());
    } else {
      addObject(value);
    }
  }

  /** An int, date (days), long, time or timestamp (micros or nanos) value. */
  void addLong(long v) {
    rows++;
    boolean narrow = id == Type.TypeID.INTEGER || id == Type.TypeID.DATE;
    theta.update(narrow ? scratch.putInt(0, (int) v).limit(4) : scratch.putLong(0, v).limit(8));
    if (!seen) {
      minLong = v;
      maxLong = v;
      seen = true;
    } else {
      minLong = Math.min(minLong, v);
      maxLong = Math.max(maxLong, v);
    }
    quantiles.update(v);
  }

  /** A float or double value; NaN is counted apart, as Iceberg's metrics do. */
  void addDouble(double v) {
    rows++;
    if (Double.isNaN(v)) {
      nans++;
      return;
    }
    theta.update(
        id == Type.TypeID.FLOAT
            ? scratch.putFloat(0, (float) v).limit(4)
            : scratch.putDouble(0, v).limit(8));
    // Double.compare orders -0.0 below 0.0, as Iceberg's comparator does.
    if (!seen) {
      minDouble = v;
      maxDouble = v;
      seen = true;
    } else {
      minDouble = Double.compare(v, minDouble) < 0 ? v : minDouble;
      maxDouble = Double.compare(v, maxDouble) > 0 ? v : maxDouble;
    }
    quantiles.update(v);
  }

  private void addObject(Object value) {
    rows++;
    theta.update(Conversions.toByteBuffer(field.type(), value));
    if (min == null || order.compare(value, min) < 0) {
      min = value;
    }
    if (max == null || order.compare(value, max) > 0) {
      max = value;
    }
    if (quantiles != null) {
      quantiles.update(value instanceof BigDecimal d ? d.doubleValue() : 0);
    } else if (frequent != null) {
      frequent.update((String) value);
    }
  }

  ColumnProfile profile() {
    Object lo = min;
    Object hi = max;
    if (seen) {
      lo = boxed(minLong, minDouble);
      hi = boxed(maxLong, maxDouble);
    }
    return new ColumnProfile(
        field.fieldId(),
        field.name(),
        field.type(),
        new long[] {rows, nulls, nans},
        lo,
        hi,
        theta.compact(),
        quantiles,
        frequent,
        -1,
        null,
        null);
  }

  private Object boxed(long l, double d) {
    return switch (id) {
      case INTEGER, DATE -> (int) l;
      case FLOAT -> (float) d;
      case DOUBLE -> d;
      default -> l;
    };
  }
}
