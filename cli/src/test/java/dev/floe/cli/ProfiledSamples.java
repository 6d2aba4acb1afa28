package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * The profiled tables of the profile and check tests: {@code ml.samples} with 4,000 normal rows
 * tagged {@code pin}, then 4,000 rows with score shifted by half a sigma and without the category
 * "cart", both appends profiled; {@code ml.plain} with rows and no profiles.
 *
 * @param pinned the snapshot tagged {@code pin}
 * @param head the head of {@code ml.samples}
 */
record ProfiledSamples(long pinned, long head) {
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "score", Types.DoubleType.get()),
          Types.NestedField.optional(3, "category", Types.StringType.get()),
          Types.NestedField.optional(
              4, "embedding", Types.ListType.ofRequired(5, Types.FloatType.get())));
  private static final List<String> CATEGORIES = List.of("click", "view", "cart");

  /** Writes both tables into an embedded warehouse at {@code warehouse}. */
  static ProfiledSamples write(Path warehouse) {
    try (Floe floe = Floe.open(FloeConfig.embedded(warehouse))) {
      Table table =
          floe.tables().createIfAbsent("ml.samples", SCHEMA, PartitionSpec.unpartitioned());
      long pinned;
      long head;
      try (TableWriter writer = TableWriter.forTable(table).producerId("p").profile(true).build()) {
        pinned = writer.append(Batch.of(1, SCHEMA, rows(1, 0, null))).snapshotId();
        table.refresh();
        table.manageSnapshots().createTag("pin", pinned).commit();
        head = writer.append(Batch.of(2, SCHEMA, rows(2, 0.5, "cart"))).snapshotId();
      }
      Table plain = floe.tables().createIfAbsent("ml.plain", SCHEMA, PartitionSpec.unpartitioned());
      try (TableWriter writer = TableWriter.forTable(plain).producerId("p").build()) {
        writer.append(Batch.of(1, SCHEMA, rows(3, 0, null)));
      }
      return new ProfiledSamples(pinned, head);
    }
  }

  static List<Record> rows(long seed, double shift, String dropped) {
    Random random = new Random(seed);
    List<Record> rows = new ArrayList<>();
    while (rows.size() < 4000) {
      String category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
      if (category.equals(dropped)) {
        continue;
      }
      Record row = GenericRecord.create(SCHEMA);
      row.setField("id", (long) rows.size());
      row.setField("score", random.nextGaussian() + shift);
      row.setField("category", category);
      row.setField(
          "embedding",
          List.of((float) random.nextGaussian(), (float) random.nextGaussian(), 1f, 0f));
      rows.add(row);
    }
    return rows;
  }
}
