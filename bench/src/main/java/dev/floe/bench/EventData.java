package dev.floe.bench;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * The ML event rows Floe's demo and benchmarks use: deterministic for a seed, so runs compare the
 * same data.
 */
public final class EventData {
  private EventData() {}

  public static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.required(2, "user_id", Types.LongType.get()),
          Types.NestedField.required(3, "event_ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(4, "amount", Types.DoubleType.get()),
          Types.NestedField.optional(5, "label", Types.StringType.get()),
          Types.NestedField.optional(
              6, "embedding", Types.ListType.ofRequired(7, Types.FloatType.get())));

  /** Day x 16 user buckets: ten days of events make 160 partitions. */
  public static final PartitionSpec SPEC =
      PartitionSpec.builderFor(SCHEMA).day("event_ts").bucket("user_id", 16).build();

  /** First day of generated events. */
  public static final Instant EPOCH = Instant.parse("2026-11-01T00:00:00Z");

  private static final String[] LABELS = {"click", "view", "purchase", "skip"};

  /**
   * Rows with ids {@code firstId ..}, spread over {@code days} days and 10,000 users.
   *
   * @param dims embedding dimensions (0 leaves the column null)
   */
  public static List<Record> generate(long firstId, int count, int days, int dims, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ firstId);
    List<Record> rows = new ArrayList<>(count);
    GenericRecord template = GenericRecord.create(SCHEMA);
    long spanMicros = days * 86_400_000_000L;
    long epochMicros = EPOCH.getEpochSecond() * 1_000_000L;
    for (int i = 0; i < count; i++) {
      GenericRecord row = template.copy();
      long micros = epochMicros + random.nextLong(spanMicros);
      row.set(0, firstId + i);
      row.set(1, random.nextLong(10_000));
      row.set(
          2,
          OffsetDateTime.ofInstant(
              Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000),
              ZoneOffset.UTC));
      row.set(3, Math.round(random.nextDouble() * 10_000) / 100.0);
      row.set(4, LABELS[random.nextInt(LABELS.length)]);
      row.set(5, dims == 0 ? null : embedding(random, dims));
      rows.add(row);
    }
    return rows;
  }

  private static List<Float> embedding(SplittableRandom random, int dims) {
    List<Float> values = new ArrayList<>(dims);
    for (int d = 0; d < dims; d++) {
      values.add((float) (random.nextDouble() * 2 - 1));
    }
    return values;
  }
}
