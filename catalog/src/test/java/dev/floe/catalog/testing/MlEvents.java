package dev.floe.catalog.testing;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * The ML events table the ingest and timetravel tests share: its schema, and one row of it. Each
 * module picks its own spread of values (days, user buckets, nulls), which its tests count on.
 */
public final class MlEvents {
  public static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.LongType.get()),
          optional(2, "user_id", Types.LongType.get()),
          optional(3, "event_ts", Types.TimestampType.withZone()),
          optional(4, "amount", Types.DoubleType.get()),
          optional(5, "label", Types.StringType.get()),
          optional(6, "embedding", Types.ListType.ofOptional(7, Types.FloatType.get())));

  private MlEvents() {}

  /**
   * A row of {@code schema} ({@link #SCHEMA} or a schema evolved from it) with {@code amount} 1.5
   * times {@code id}; label and embedding may be null.
   */
  public static Record row(
      Schema schema,
      long id,
      long userId,
      OffsetDateTime eventTs,
      String label,
      List<Float> embedding) {
    GenericRecord row = GenericRecord.create(schema);
    row.setField("id", id);
    row.setField("user_id", userId);
    row.setField("event_ts", eventTs);
    row.setField("amount", id * 1.5);
    row.setField("label", label);
    row.setField("embedding", embedding);
    return row;
  }
}
