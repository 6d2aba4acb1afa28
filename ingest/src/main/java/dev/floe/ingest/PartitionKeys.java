package dev.floe.ingest;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Computes the partition tuple of generic records, as Iceberg's {@link PartitionKey} does, about
 * three times faster for time partitions: Iceberg 1.11 converts every timestamp to an {@code
 * OffsetDateTime} and counts units with {@code ChronoUnit.between} (twice for a day transform),
 * which was a quarter of the ingest writer's CPU. Here year, month, day and hour of a timestamp are
 * integer arithmetic on microseconds, per the Iceberg spec (floor towards the past); identity,
 * bucket and truncate run Iceberg's own bound transforms. Specs over nested source columns, or
 * types not handled here, use Iceberg's {@link PartitionKey} as is.
 *
 * <p>Not thread-safe: {@link #partition} reuses one key.
 */
final class PartitionKeys {
  private static final long MICROS_PER_HOUR = 3_600_000_000L;
  private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

  private final List<Function<Record, Object>> fields;
  private final GenericRecord key;
  private final PartitionKey iceberg;
  private final InternalRecordWrapper wrapper;

  PartitionKeys(Schema schema, PartitionSpec spec) {
    List<Function<Record, Object>> fast = new ArrayList<>();
    for (PartitionField field : spec.fields()) {
      Function<Record, Object> function = fast(schema, field);
      if (function == null) {
        fast = null;
        break;
      }
      fast.add(function);
    }
    this.fields = fast;
    this.key = GenericRecord.create(spec.partitionType());
    this.iceberg = fast == null ? new PartitionKey(spec, schema) : null;
    this.wrapper = fast == null ? new InternalRecordWrapper(schema.asStruct()) : null;
  }

  /** The partition of {@code row}: valid until the next call; copy it with {@link #copy}. */
  StructLike partition(Record row) {
    if (fields == null) {
      iceberg.partition(wrapper.wrap(row));
      return iceberg;
    }
    for (int i = 0; i < fields.size(); i++) {
      key.set(i, fields.get(i).apply(row));
    }
    return key;
  }

  /** A copy of a key {@link #partition} returned. */
  StructLike copy(StructLike partition) {
    return partition instanceof PartitionKey keyed
        ? keyed.copy()
        : ((GenericRecord) partition).copy();
  }

  private static Function<Record, Object> fast(Schema schema, PartitionField field) {
    int position = position(schema, field.sourceId());
    if (position < 0) {
      return null;
    }
    Type type = schema.findType(field.sourceId());
    Function<Object, Object> internal = internal(type);
    if (internal == null) {
      return null;
    }
    String transform = field.transform().toString();
    Function<Object, Object> apply;
    if (isTimestamp(type) && transform.equals("year")) {
      apply = micros -> year(LocalDate.ofEpochDay(Math.floorDiv((long) micros, MICROS_PER_DAY)));
    } else if (isTimestamp(type) && transform.equals("month")) {
      apply = micros -> month(LocalDate.ofEpochDay(Math.floorDiv((long) micros, MICROS_PER_DAY)));
    } else if (isTimestamp(type) && transform.equals("day")) {
      apply = micros -> (int) Math.floorDiv((long) micros, MICROS_PER_DAY);
    } else if (isTimestamp(type) && transform.equals("hour")) {
      apply = micros -> (int) Math.floorDiv((long) micros, MICROS_PER_HOUR);
    } else {
      @SuppressWarnings("unchecked")
      org.apache.iceberg.transforms.Transform<Object, Object> bound =
          (org.apache.iceberg.transforms.Transform<Object, Object>) field.transform();
      Function<Object, Object> function = bound.bind(type)::apply;
      apply = function;
    }
    return row -> {
      Object value = row.get(position);
      return value == null ? null : apply.apply(internal.apply(value));
    };
  }

  private static int year(LocalDate date) {
    return date.getYear() - 1970;
  }

  private static int month(LocalDate date) {
    return (date.getYear() - 1970) * 12 + date.getMonthValue() - 1;
  }

  private static boolean isTimestamp(Type type) {
    return type.typeId() == Type.TypeID.TIMESTAMP;
  }

  private static int position(Schema schema, int sourceId) {
    List<Types.NestedField> columns = schema.columns();
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).fieldId() == sourceId) {
        return i;
      }
    }
    return -1; // nested: Iceberg's accessors handle it
  }

  /** Generic-record value to Iceberg's internal one (as InternalRecordWrapper), or null if none. */
  private static Function<Object, Object> internal(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN, INTEGER, LONG, FLOAT, DOUBLE, STRING, DECIMAL, UUID, BINARY ->
          Function.identity();
      case FIXED -> value -> value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
      case DATE -> value -> (int) ((LocalDate) value).toEpochDay();
      case TIME -> value -> ((LocalTime) value).toNanoOfDay() / 1000;
      case TIMESTAMP ->
          ((Types.TimestampType) type).shouldAdjustToUTC()
              ? value -> micros((OffsetDateTime) value)
              : value -> micros(((LocalDateTime) value).atOffset(ZoneOffset.UTC));
      default -> null;
    };
  }

  private static long micros(OffsetDateTime time) {
    long seconds = time.toEpochSecond();
    int nanos = time.getNano();
    if (seconds < 0 && nanos % 1000 != 0) {
      // Sub-microsecond digits before 1970: keep Iceberg's exact rounding.
      return ChronoUnit.MICROS.between(
          OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), time);
    }
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1000);
  }
}
