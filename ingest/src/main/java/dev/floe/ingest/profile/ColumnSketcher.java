package dev.floe.ingest.profile;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>Costs, per value: one murmur hash for theta, hashed from a reused one-element {@code long[]}
 * or {@code int[]}, which DataSketches hashes as the same little-endian bytes Iceberg's encoding
 * gives (ThetaEncodingTest checks the sketches against the encoded bytes), so no buffer is wrapped
 * per value; KLL takes the values in blocks ({@link KllDoublesSketch#update(double[], int, int)}),
 * its vector update, with the same error guarantee as one at a time. Strings from vectors ({@link
 * #addUtf8}) are hashed from their UTF-8 bytes as stored and counted per distinct value, so the
 * frequent-items sketch, min and max see each distinct string once per block with its count (a
 * weighted update: the same counts, the same error bound).
 */
final class ColumnSketcher {
  private static final int BLOCK = 1024;
  // Distinct strings counted before they go to the sketches: bounds the map on unique text.
  private static final int MAX_STRINGS = 4096;

  private final Types.NestedField field;
  private final Type.TypeID id;
  private final Comparator<Object> order;
  private final UpdateSketch theta = UpdateSketch.builder().build();
  private final KllDoublesSketch quantiles;
  private final ItemsSketch<String> frequent;
  private final long[] oneLong = new long[1];
  private final int[] oneInt = new int[1];
  private final double[] block;
  private int blocked;
  private Utf8Counts strings; // addUtf8: counts per distinct value since the last flush
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
    this.block = quantiles == null ? null : new double[BLOCK];
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
    if (id == Type.TypeID.INTEGER || id == Type.TypeID.DATE) {
      oneInt[0] = (int) v;
      theta.update(oneInt);
    } else {
      oneLong[0] = v;
      theta.update(oneLong);
    }
    if (!seen) {
      minLong = v;
      maxLong = v;
      seen = true;
    } else {
      minLong = Math.min(minLong, v);
      maxLong = Math.max(maxLong, v);
    }
    quantile(v);
  }

  /** A float or double value; NaN is counted apart, as Iceberg's metrics do. */
  void addDouble(double v) {
    rows++;
    if (Double.isNaN(v)) {
      nans++;
      return;
    }
    // Iceberg encodes the raw bits (putFloat, putDouble): -0.0 stays apart from 0.0.
    if (id == Type.TypeID.FLOAT) {
      oneInt[0] = Float.floatToRawIntBits((float) v);
      theta.update(oneInt);
    } else {
      oneLong[0] = Double.doubleToRawLongBits(v);
      theta.update(oneLong);
    }
    // Double.compare orders -0.0 below 0.0, as Iceberg's comparator does.
    if (!seen) {
      minDouble = v;
      maxDouble = v;
      seen = true;
    } else {
      minDouble = Double.compare(v, minDouble) < 0 ? v : minDouble;
      maxDouble = Double.compare(v, maxDouble) > 0 ? v : maxDouble;
    }
    quantile(v);
  }

  /**
   * A string value as UTF-8 bytes (Iceberg's encoding of a string) in {@code bytes[0..length)}, a
   * buffer the caller reuses. A value already seen since the last flush is only counted: theta
   * ignores a repeated hash anyway, so its state is the same as if it were fed every row.
   */
  void addUtf8(byte[] bytes, int length) {
    rows++;
    if (strings == null) {
      strings = new Utf8Counts();
    }
    byte[] fresh = strings.add(bytes, length);
    if (fresh != null) {
      theta.update(fresh);
      if (strings.size() >= MAX_STRINGS) {
        flushStrings();
      }
    }
  }

  private void flushStrings() {
    if (strings == null) {
      return;
    }
    strings.drain(
        (utf8, count) -> {
          String value = new String(utf8, StandardCharsets.UTF_8);
          bound(value);
          frequent.update(value, count);
        });
  }

  private void quantile(double v) {
    block[blocked++] = v;
    if (blocked == block.length) {
      flushQuantiles();
    }
  }

  private void flushQuantiles() {
    if (blocked > 0) {
      quantiles.update(block, 0, blocked);
      blocked = 0;
    }
  }

  private void bound(Object value) {
    if (min == null || order.compare(value, min) < 0) {
      min = value;
    }
    if (max == null || order.compare(value, max) > 0) {
      max = value;
    }
  }

  private void addObject(Object value) {
    rows++;
    theta.update(Conversions.toByteBuffer(field.type(), value));
    bound(value);
    if (quantiles != null) {
      quantile(value instanceof BigDecimal d ? d.doubleValue() : 0);
    } else if (frequent != null) {
      frequent.update((String) value);
    }
  }

  ColumnProfile profile() {
    if (quantiles != null) {
      flushQuantiles();
    }
    if (frequent != null) {
      flushStrings();
    }
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
