package dev.floe.ingest.profile;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * Profiles one column over an array of values in the generic-record representation ({@code
 * LocalDate}, {@code OffsetDateTime}, {@code CharSequence}...), one pass per column, so each sketch
 * stays hot. The values go to the same {@link ColumnSketcher} and {@link VectorSketcher} the vector
 * path ({@link VectorProfiler}) uses.
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
    if (isVector(type)) {
      VectorSketcher sketcher = new VectorSketcher(field);
      float[] buffer = new float[16];
      for (Object raw : values) {
        if (raw == null) {
          sketcher.addNull();
          continue;
        }
        List<?> list = (List<?>) raw;
        if (buffer.length < list.size()) {
          buffer = new float[list.size()];
        }
        boolean anyNull = false;
        for (int i = 0; i < list.size(); i++) {
          Object element = list.get(i);
          anyNull |= element == null;
          buffer[i] = element == null ? 0f : (Float) element;
        }
        sketcher.add(buffer, list.size(), anyNull);
      }
      return sketcher.profile();
    }
    ColumnSketcher sketcher = new ColumnSketcher(field);
    for (Object raw : values) {
      sketcher.add(raw == null ? null : internal(type, raw));
    }
    return sketcher.profile();
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
