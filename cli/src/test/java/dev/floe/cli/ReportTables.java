package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;

/**
 * The table {@code floe report} tests look at, with the ids they check: {@code ml.events}
 * partitioned by country, five profiled appends on main by two producers ({@code ingest-alpha}
 * three, {@code ingest-beta} two), a tag {@code train-1} and a pin tag on the third snapshot, and a
 * branch {@code exp-1} from it with one append of its own.
 */
record ReportTables(String warehouse, List<Long> mainSnapshots, long tagged, long expHead) {
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.required(2, "country", Types.StringType.get()),
          Types.NestedField.optional(3, "score", Types.DoubleType.get()));

  static ReportTables events(Path dir) {
    Path warehouse = dir.resolve("wh");
    List<Long> main = new ArrayList<>();
    long tagged;
    long exp;
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table =
          floe.tables()
              .createIfAbsent(
                  "ml.events",
                  SCHEMA,
                  PartitionSpec.builderFor(SCHEMA).identity("country").build());
      main.add(append(table, "ingest-alpha", 0, "main", 0));
      main.add(append(table, "ingest-beta", 0, "main", 1));
      main.add(append(table, "ingest-alpha", 1, "main", 2));
      tagged = main.get(2);
      table.manageSnapshots().createTag("train-1", tagged).commit();
      table.manageSnapshots().createTag("floe-pin-" + tagged, tagged).commit();
      table.manageSnapshots().createBranch("exp-1", tagged).commit();
      exp = append(table, "ingest-beta", 1, "exp-1", 3);
      main.add(append(table, "ingest-alpha", 2, "main", 4));
      main.add(append(table, "ingest-beta", 2, "main", 5));
    }
    return new ReportTables(warehouse.toString(), List.copyOf(main), tagged, exp);
  }

  /** Appends 10 rows (every third score null; later batches shift the scores up). */
  private static long append(Table table, String producer, long seq, String branch, int round) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Map<String, Object> row = new java.util.HashMap<>();
      row.put("id", (long) round * 100 + i);
      row.put("country", i % 2 == 0 ? "NL" : "DE");
      row.put("score", i % 3 == 0 ? null : round * 10.0 + i);
      rows.add(row);
    }
    try (TableWriter writer =
        TableWriter.forTable(table).producerId(producer).toBranch(branch).profile(true).build()) {
      writer.append(Batch.ofRows(seq, rows));
    }
    table.refresh();
    return table.snapshot(branch).snapshotId();
  }
}
