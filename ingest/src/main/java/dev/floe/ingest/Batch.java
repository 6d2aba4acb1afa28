package dev.floe.ingest;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;

/**
 * Rows a producer appends as one unit. The {@code sequence} identifies the batch within its
 * producer: appending a sequence that is already committed on the branch is a no-op, so a batch can
 * be re-sent safely after a crash. Columns are matched to the table by name; the field ids of
 * {@code schema} do not matter. Every record must follow {@code schema}'s field order.
 *
 * @param producerId the producer the batch belongs to; null for the writer's own producer id. One
 *     writer can so serve many producers (e.g. one per Kafka partition).
 * @param schema the schema of {@code records}; null for a batch of map {@code rows}
 * @param rows rows as maps (see {@link #ofRows(long, List)}); empty for a batch of records
 */
public record Batch(
    String producerId,
    long sequence,
    Schema schema,
    List<Record> records,
    List<Map<String, Object>> rows) {
  public Batch {
    records = List.copyOf(Objects.requireNonNull(records, "records"));
    rows = rows == null ? List.of() : List.copyOf(rows);
    if (schema == null && !records.isEmpty()) {
      throw new NullPointerException("schema");
    }
    if (sequence < 0) {
      throw new IllegalArgumentException(
          String.format("Invalid batch sequence: %s (must be >= 0)", sequence));
    }
    if (producerId != null && producerId.isBlank()) {
      throw new IllegalArgumentException(
          String.format("Invalid producer id of batch %s: must not be empty", sequence));
    }
  }

  /** A batch of the writer's producer. */
  public Batch(long sequence, Schema schema, List<Record> records) {
    this(null, sequence, schema, records, null);
  }

  public Batch(String producerId, long sequence, Schema schema, List<Record> records) {
    this(producerId, sequence, Objects.requireNonNull(schema, "schema"), records, null);
  }

  /**
   * A batch of rows as maps from column name to value, converted by the writer to the table schema:
   * numbers widen or narrow only without loss, text parses as numbers, booleans, ISO-8601 dates and
   * times or UUIDs, nested maps fill struct columns. A value that cannot be converted fails the
   * batch (or becomes a dead letter) naming the row and column. {@code schema} is null.
   */
  public static Batch ofRows(long sequence, List<Map<String, Object>> rows) {
    Objects.requireNonNull(rows, "rows");
    return new Batch(null, sequence, null, List.of(), rows);
  }

  /** As {@link #ofRows(long, List)}, for producer {@code producerId}. */
  public static Batch ofRows(String producerId, long sequence, List<Map<String, Object>> rows) {
    Objects.requireNonNull(producerId, "producerId");
    Objects.requireNonNull(rows, "rows");
    return new Batch(producerId, sequence, null, List.of(), rows);
  }

  /**
   * A batch of the rows of an Arrow {@code root}, converted by the writer to the table schema as
   * {@link #ofRows(long, List) map rows} are, with the same checks: a value that does not fit its
   * column fails the batch (or becomes a dead letter) naming the row and column. Columns match by
   * name; Arrow timestamps with a time zone go to {@code timestamptz} columns, without one to
   * {@code timestamp} columns.
   *
   * <p>The caller keeps ownership of {@code root}: its values are copied here, and Floe neither
   * keeps nor closes it, so the caller may refill, reuse or close it as soon as this returns.
   */
  public static Batch of(long sequence, VectorSchemaRoot root) {
    Objects.requireNonNull(root, "root");
    return new Batch(null, sequence, null, List.of(), ArrowRows.copy(root));
  }

  /** As {@link #of(long, VectorSchemaRoot)}, for producer {@code producerId}. */
  public static Batch of(String producerId, long sequence, VectorSchemaRoot root) {
    Objects.requireNonNull(producerId, "producerId");
    Objects.requireNonNull(root, "root");
    return new Batch(producerId, sequence, null, List.of(), ArrowRows.copy(root));
  }

  /** Whether this batch holds map rows, to be converted by the writer. */
  public boolean isMapRows() {
    return schema == null;
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
    return new Batch(null, sequence, schema, records);
  }

  /** A batch of producer {@code producerId}, whatever the writer's own producer id is. */
  public static Batch of(String producerId, long sequence, Schema schema, List<Record> records) {
    Objects.requireNonNull(producerId, "producerId");
    return new Batch(producerId, sequence, schema, records);
  }

  public int size() {
    return records.size() + rows.size();
  }
}
