package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.testing.GenericData;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/** Small tables for cli tests, written through the API so a test needs no demo run. */
final class CliTables {
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.required(2, "user_id", Types.LongType.get()),
          Types.NestedField.required(3, "event_ts", Types.TimestampType.withZone()));

  private CliTables() {}

  /**
   * {@code ml.events} in an embedded warehouse under {@code dir}: two appends of three rows (ids
   * 0-2 and 10-12, user 7, one day), so one partition of day(event_ts), bucket(16, user_id) with
   * two small files. Returns the warehouse, for {@code -w}.
   */
  static String events(Path dir) {
    Path warehouse = dir.resolve("wh");
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      PartitionSpec spec =
          PartitionSpec.builderFor(SCHEMA).day("event_ts").bucket("user_id", 16).build();
      Table table = floe.tables().createIfAbsent("ml.events", SCHEMA, spec);
      for (int append = 0; append < 2; append++) {
        List<Record> rows = new ArrayList<>();
        for (long i = 0; i < 3; i++) {
          Record row = GenericRecord.create(SCHEMA);
          row.setField("id", append * 10 + i);
          row.setField("user_id", 7L);
          row.setField("event_ts", OffsetDateTime.parse("2026-12-01T10:00:00Z"));
          rows.add(row);
        }
        GenericData.append(table, "main", FileFormat.PARQUET, rows);
      }
    }
    return warehouse.toString();
  }
}
