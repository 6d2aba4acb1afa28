package dev.floe.timetravel;

import dev.floe.catalog.Floe;
import dev.floe.catalog.testing.GenericData;
import dev.floe.catalog.testing.MlEvents;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/** An ML events table with an embedding column, and real Parquet or ORC rows for it. */
final class TestEvents {
  static final String NAME = "db.events";
  static final Schema SCHEMA = MlEvents.SCHEMA;
  static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).bucket("user_id", 2).build();
  private static final OffsetDateTime START =
      OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private TestEvents() {}

  static Table create(Floe floe) {
    return create(floe, NAME);
  }

  static Table create(Floe floe, String name) {
    return floe.tables().createIfAbsent(name, SCHEMA, SPEC);
  }

  /**
   * Rows {@code from <= id < to}; some labels and embeddings are null to exercise null handling.
   */
  static List<Record> rows(Table table, long from, long to) {
    return LongStream.range(from, to).mapToObj(id -> row(table.schema(), id)).toList();
  }

  static Record row(Schema schema, long id) {
    return MlEvents.row(
        schema,
        id,
        id % 5,
        START.plusSeconds(id).plus(id * 7, ChronoUnit.MICROS),
        id % 7 == 3 ? null : "label-" + id,
        id % 9 == 4 ? null : Arrays.asList(id * 0.5f, -id * 0.25f, id % 4 == 0 ? null : 1f));
  }

  /** Appends {@code rows} as one file per partition; returns the new snapshot id. */
  static long append(Table table, FileFormat format, List<Record> rows) {
    return GenericData.append(table, "main", format, rows);
  }

  /** The split the split-lock tests pin: 60/20/20 by id, seed 7. */
  static final Split SPLIT = Split.by("id").train(0.6).validation(0.2).test(0.2).seed(7).build();

  /**
   * The events table in three Parquet files of 40, 70 and 90 rows (uncompressed pages when {@code
   * uncompressed}, so a test can rewrite bytes in place), as the split-lock tests read it.
   */
  static Table threeFiles(Floe floe, boolean uncompressed) {
    Table table = create(floe);
    if (uncompressed) {
      DataFiles.uncompressed(table);
    }
    long[] ends = {0, 40, 110, 200};
    for (int i = 1; i < ends.length; i++) {
      append(table, FileFormat.PARQUET, rows(table, ends[i - 1], ends[i]));
    }
    return table;
  }

  /** The ids of {@code rows}, for comparing what was read with what was written. */
  static List<Long> ids(List<Record> rows) {
    List<Long> ids = new ArrayList<>();
    rows.forEach(row -> ids.add((Long) row.getField("id")));
    return ids;
  }
}
