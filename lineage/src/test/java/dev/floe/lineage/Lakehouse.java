package dev.floe.lineage;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.compaction.Compaction;
import dev.floe.compaction.CompactionResult;
import dev.floe.ingest.AppendResult;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;

/** A small lakehouse with lineage settings, and the jobs the lineage tests run on it. */
final class Lakehouse {
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "label", Types.StringType.get()));

  private Lakehouse() {}

  /** Opens an embedded warehouse in {@code folder} with {@code lineage} settings added. */
  static Floe open(Path folder, Map<String, String> lineage) {
    return Floe.open(
        FloeConfig.builder()
            .set("floe.warehouse", folder.toString())
            .set("floe.user-home", folder.resolve("home").toString())
            .setAll(lineage)
            .build());
  }

  static Table events(Floe floe) {
    return floe.tables().createIfAbsent("ml.events", SCHEMA, PartitionSpec.unpartitioned());
  }

  /** Appends batches {@code from..to} (three rows each) of producer {@code trainer-feed}. */
  static List<AppendResult> append(Table table, int from, int to) {
    try (TableWriter writer = TableWriter.forTable(table).producerId("trainer-feed").build()) {
      return java.util.stream.IntStream.rangeClosed(from, to)
          .mapToObj(
              seq ->
                  writer.append(
                      Batch.ofRows(
                          seq,
                          List.of(
                              Map.<String, Object>of("id", seq * 10L, "label", "a"),
                              Map.<String, Object>of("id", seq * 10L + 1, "label", "b"),
                              Map.<String, Object>of("id", seq * 10L + 2, "label", "c")))))
          .toList();
    }
  }

  static CompactionResult compact(Table table) {
    return Compaction.binPack(table).minInputFiles(2).commit();
  }

  static void expire(Table table) {
    Compaction.expireSnapshots(table)
        .maxSnapshotAge(Duration.ZERO)
        .now(Instant.now().plusSeconds(1))
        .commit();
  }
}
