package dev.floe.ingest;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.MlEvents;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/** The event table the ingest tests write to, and batches for it. */
final class Events {
  static final Schema SCHEMA = MlEvents.SCHEMA;

  static final PartitionSpec SPEC =
      PartitionSpec.builderFor(SCHEMA).day("event_ts").bucket("user_id", 4).build();

  static final OffsetDateTime DAY_ONE = OffsetDateTime.of(2026, 11, 1, 8, 0, 0, 0, ZoneOffset.UTC);

  private Events() {}

  static Table create(Floe floe) {
    return floe.tables().createIfAbsent("ml.events", SCHEMA, SPEC);
  }

  static Table createUnpartitioned(Floe floe) {
    return floe.tables().createIfAbsent("ml.flat_events", SCHEMA, PartitionSpec.unpartitioned());
  }

  /** A table with a struct column: {@code id long, device struct<os string>}. */
  static Table createDevices(Floe floe) {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(
                2,
                "device",
                Types.StructType.of(Types.NestedField.optional(3, "os", Types.StringType.get()))));
    return floe.tables().createIfAbsent("ml.devices", schema, PartitionSpec.unpartitioned());
  }

  /** {@code count} rows with ids from {@code firstId}, over three days and four user buckets. */
  static Batch batch(long sequence, long firstId, int count) {
    List<Record> records = new ArrayList<>();
    for (long id = firstId; id < firstId + count; id++) {
      records.add(row(SCHEMA, id));
    }
    return Batch.of(sequence, SCHEMA, records);
  }

  static Record row(Schema schema, long id) {
    return MlEvents.row(
        schema,
        id,
        id % 7,
        DAY_ONE.plusHours(id % 72),
        "label-" + (id % 3),
        List.of((float) id, 0.5f, -1.25f));
  }

  static Schema withColumn(Schema schema, Types.NestedField column) {
    List<Types.NestedField> columns = new ArrayList<>(schema.columns());
    columns.add(column);
    return new Schema(columns);
  }

  /** {@code schema} with the column of the same field id replaced by {@code column}. */
  static Schema replace(Schema schema, Types.NestedField column) {
    return new Schema(
        schema.columns().stream().map(c -> c.fieldId() == column.fieldId() ? column : c).toList());
  }

  static List<Record> read(Table table) {
    table.refresh();
    return GenericData.read(table, "main");
  }

  static List<Record> readSnapshot(Table table, long snapshotId) {
    return GenericData.read(table, snapshotId);
  }

  static List<Long> ids(List<Record> records) {
    return GenericData.ids(records);
  }
}
