package dev.floe.ingest;

import java.util.List;
import java.util.Objects;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;

/**
 * Rows a producer appends as one unit. The {@code sequence} identifies the batch within its
 * producer: appending a sequence that is already committed on the branch is a no-op, so a batch can
 * be re-sent safely after a crash. Columns are matched to the table by name; the field ids of
 * {@code schema} do not matter. Every record must follow {@code schema}'s field order.
 */
public record Batch(long sequence, Schema schema, List<Record> records) {
  public Batch {
    Objects.requireNonNull(schema, "schema");
    records = List.copyOf(Objects.requireNonNull(records, "records"));
    if (sequence < 0) {
      throw new IllegalArgumentException(
          String.format("Invalid batch sequence: %s (must be >= 0)", sequence));
    }
  }

  /** A batch whose schema is that of its first record; needs at least one record. */
  public static Batch of(long sequence, List<Record> records) {
    Objects.requireNonNull(records, "records");
    if (records.isEmpty()) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot infer the schema of batch %s: it has no records (pass a schema)", sequence));
    }
    return new Batch(sequence, new Schema(records.get(0).struct().fields()), records);
  }

  public static Batch of(long sequence, Schema schema, List<Record> records) {
    return new Batch(sequence, schema, records);
  }

  public int size() {
    return records.size();
  }
}
