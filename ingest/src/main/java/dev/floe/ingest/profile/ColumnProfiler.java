package dev.floe.ingest.profile;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.theta.UpdateSketch;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * Profiles one column over an array of values (generic-record representation: {@code LocalDate},
 * {@code OffsetDateTime}, {@code CharSequence}...), one pass per column, so each sketch stays hot.
 * Values go into the theta sketch as {@code Conversions.toByteBuffer} encodes them, as Iceberg's
 * spec for {@code apache-datasketches-theta-v1} blobs says (Alpha family, default seed).
 */
final class ColumnProfiler {
  private ColumnProfiler() {}

  /** Whether a column of {@code type} gets a profile: primitives and {@code list<float>}. */
  static boolean profiles(Type type) {
    return type.isPrimitiveType() || isVector(type);
  }

  static boolean isVector(Type type) {
    return type.isListType() && type.asListType().elementType().typeId() == Type.TypeID.FLOAT;
  }

  static ColumnProfile profile(Types.NestedField field, Object[] values) {
    Type type = field.type();
    return isVector(type) ? vector(field, values) : primitive(field, values);
  }

  private static ColumnProfile primitive(Types.NestedField field, Object[] values) {
    Type type = field.type();
    Comparator<Object> order = ColumnProfile.comparator(type);
    UpdateSketch theta = UpdateSketch.builder().build();
    boolean numeric = isNumeric(type);
    KllDoublesSketch quantiles = numeric ? KllDoublesSketch.newHeapInstance() : null;
    ItemsSketch<String> frequent =
        type.typeId() == Type.TypeID.STRING
            ? new ItemsSketch<>(ColumnProfile.FREQUENT_ITEMS_MAP_SIZE)
            : null;
    ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    long nulls = 0;
    long nans = 0;
    Object min = null;
    Object max = null;
    for (Object raw : values) {
      if (raw == null) {
        nulls++;
        continue;
      }
      Object value = internal(type, raw);
      if (value instanceof Double d && d.isNaN() || value instanceof Float f && f.isNaN()) {
        nans++;
        continue;
      }
      theta.update(serialized(type, value, scratch));
      if (min == null || order.compare(value, min) < 0) {
        min = value;
      }
      if (max == null || order.compare(value, max) > 0) {
        max = value;
      }
      if (numeric) {
        quantiles.update(asDouble(value));
      } else if (frequent != null) {
        frequent.update((String) value);
      }
    }
    return new ColumnProfile(
        field.fieldId(),
        field.name(),
        type,
        new long[] {values.length, nulls, nans},
        min,
        max,
        theta.compact(),
        quantiles,
        frequent,
        -1,
        null);
  }

  private static ColumnProfile vector(Types.NestedField field, Object[] values) {
    KllDoublesSketch norms = KllDoublesSketch.newHeapInstance();
    long nulls = 0;
    long nans = 0;
    int dimension = -1;
    for (Object raw : values) {
      if (raw == null) {
        nulls++;
        continue;
      }
      List<?> list = (List<?>) raw;
      dimension = dimension == -1 || dimension == list.size() ? list.size() : -2;
      double sum = 0;
      boolean nan = false;
      for (Object element : list) {
        if (element == null) {
          continue;
        }
        float x = (Float) element;
        if (Float.isNaN(x)) {
          nans++;
          nan = true;
        } else {
          sum += (double) x * x;
        }
      }
      if (!nan) {
        norms.update(Math.sqrt(sum));
      }
    }
    return new ColumnProfile(
        field.fieldId(),
        field.name(),
        field.type(),
        new long[] {values.length, nulls, nans},
        null,
        null,
        null,
        null,
        null,
        dimension,
        norms);
  }

  /**
   * {@code Conversions.toByteBuffer(type, value)} without an allocation for the fixed-width types
   * (the same little-endian bytes, in {@code scratch}); checked against it in the tests.
   */
  private static ByteBuffer serialized(Type type, Object value, ByteBuffer scratch) {
    switch (type.typeId()) {
      case LONG, TIME, TIMESTAMP, TIMESTAMP_NANO:
        return scratch.putLong(0, (Long) value).limit(8);
      case DOUBLE:
        return scratch.putDouble(0, (Double) value).limit(8);
      case INTEGER, DATE:
        return scratch.putInt(0, (Integer) value).limit(4);
      case FLOAT:
        return scratch.putFloat(0, (Float) value).limit(4);
      default:
        return Conversions.toByteBuffer(type, value);
    }
  }

  private static boolean isNumeric(Type type) {
    return switch (type.typeId()) {
      case INTEGER, LONG, FLOAT, DOUBLE, DECIMAL, DATE, TIME, TIMESTAMP, TIMESTAMP_NANO -> true;
      default -> false;
    };
  }

  private static double asDouble(Object value) {
    return value instanceof BigDecimal d ? d.doubleValue() : ((Number) value).doubleValue();
  }

  /** The generic-record value in Iceberg's internal representation. */
  static Object internal(Type type, Object value) {
    return switch (type.typeId()) {
      case DATE -> value instanceof LocalDate d ? DateTimeUtil.daysFromDate(d) : value;
      case TIME -> value instanceof LocalTime t ? DateTimeUtil.microsFromTime(t) : value;
      case TIMESTAMP ->
          value instanceof OffsetDateTime o
              ? (Object) DateTimeUtil.microsFromTimestamptz(o)
              : value instanceof LocalDateTime l ? DateTimeUtil.microsFromTimestamp(l) : value;
      case TIMESTAMP_NANO ->
          value instanceof OffsetDateTime o
              ? (Object) DateTimeUtil.nanosFromTimestamptz(o)
              : value instanceof LocalDateTime l ? DateTimeUtil.nanosFromTimestamp(l) : value;
      case STRING -> value.toString();
      case FIXED -> value instanceof byte[] b ? ByteBuffer.wrap(b) : value;
      default -> value;
    };
  }
}
