package dev.floe.tour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.Floe;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/** What the README's tour leaves to the reader: a schema, rows in each form, other tables. */
final class TourData {
  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "user_id", Types.LongType.get()),
          Types.NestedField.optional(3, "event_ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(4, "amount", Types.DoubleType.get()),
          Types.NestedField.optional(5, "label", Types.StringType.get()),
          Types.NestedField.optional(
              6, "embedding", Types.ListType.ofOptional(7, Types.FloatType.get())));

  private static final OffsetDateTime START =
      OffsetDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private TourData() {}

  /**
   * The tour writes ./floe-warehouse, ./rejected and lock files: check that this JVM runs in the
   * folder surefire gave it (so nothing lands in a checkout or a home folder), and empty it.
   */
  static void startInEmptyRunFolder() throws IOException {
    Path run = Path.of(System.getProperty("floe.tour.run")).toAbsolutePath().normalize();
    assertThat(Path.of("").toAbsolutePath().normalize()).isEqualTo(run);
    try (Stream<Path> paths = Files.list(run)) {
      for (Path path : paths.toList()) {
        deleteTree(path);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  static List<Record> records(int from, int count) {
    List<Record> records = new ArrayList<>();
    for (Map<String, Object> row : rows(from, count)) {
      Record record = GenericRecord.create(SCHEMA);
      row.forEach(record::setField);
      records.add(record);
    }
    return records;
  }

  static List<Map<String, Object>> rows(int from, int count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", (long) i);
      row.put("user_id", (long) (i % 37));
      row.put("event_ts", START.plusHours(i));
      row.put("amount", i * 1.5);
      row.put("label", label(i));
      row.put("embedding", List.of(i * 0.5f, i * 0.25f, 1f));
      rows.add(row);
    }
    return rows;
  }

  /** Arrow columns of the same rows, without the optional embedding. */
  static VectorSchemaRoot arrow(BufferAllocator allocator, int from, int count) {
    BigIntVector id = new BigIntVector("id", allocator);
    BigIntVector userId = new BigIntVector("user_id", allocator);
    TimeStampMicroTZVector eventTs = new TimeStampMicroTZVector("event_ts", allocator, "UTC");
    Float8Vector amount = new Float8Vector("amount", allocator);
    VarCharVector label = new VarCharVector("label", allocator);
    VectorSchemaRoot root = VectorSchemaRoot.of(id, userId, eventTs, amount, label);
    root.allocateNew();
    for (int row = 0; row < count; row++) {
      int i = from + row;
      id.setSafe(row, i);
      userId.setSafe(row, i % 37);
      eventTs.setSafe(row, START.plusHours(i).toEpochSecond() * 1_000_000L);
      amount.setSafe(row, i * 1.5);
      label.setSafe(row, label(i).getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(count);
    return root;
  }

  private static String label(int i) {
    return i % 3 == 0 ? "purchase" : "click";
  }

  /** Appends rows before the tour's catalog part, which tags a snapshot; returns its id. */
  static long seed(Table table, int from, int count) {
    try (TableWriter writer = TableWriter.forTable(table).producerId("seed").build()) {
      return writer.append(Batch.of(1, SCHEMA, records(from, count))).snapshotId();
    }
  }

  /** ml.features and ml.labels with an experiment exp-1 on both, for the tour's pinAll. */
  static void features(Floe floe) {
    Schema features =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(
                2, "embedding", Types.ListType.ofOptional(3, Types.FloatType.get())));
    Schema labels =
        new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "label", Types.StringType.get()));
    for (Schema schema : List.of(features, labels)) {
      String name = schema == features ? "ml.features" : "ml.labels";
      Table table = floe.tables().createIfAbsent(name, schema, PartitionSpec.unpartitioned());
      List<Record> records = new ArrayList<>();
      for (Map<String, Object> row : rows(0, 10)) {
        Record record = GenericRecord.create(schema);
        schema.columns().forEach(f -> record.setField(f.name(), row.get(f.name())));
        records.add(record);
      }
      try (TableWriter writer = TableWriter.forTable(table).producerId("features").build()) {
        writer.append(Batch.of(1, schema, records));
      }
    }
    floe.experiments().create("exp-1").tables("ml.features", "ml.labels").commit();
  }

  static long rowCount(Table table) {
    return count(table, Expressions.alwaysTrue());
  }

  static long rowCount(Table table, String label) {
    return count(table, Expressions.equal("label", label));
  }

  private static long count(Table table, org.apache.iceberg.expressions.Expression filter) {
    table.refresh();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).where(filter).build()) {
      long n = 0;
      for (Record ignored : rows) {
        n++;
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
