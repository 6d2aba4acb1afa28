package dev.floe.ingest;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Rows a producer appends as one unit. The {@code sequence} identifies the batch within its
 * producer: appending a sequence that is already committed on the branch is a no-op, so a batch can
 * be re-sent safely after a crash. Columns are matched to the table by name; the field ids of
 * {@code schema} do not matter.
 *
 * <p>Made by one of three factories, one per kind of rows: {@link #of(long, Schema, List)} for
 * Iceberg records, {@link #ofRows(long, List)} for maps, {@link #ofArrow(long, VectorSchemaRoot)}
 * for an Arrow batch; {@link #forProducer(String)} gives it a producer other than the writer's.
 *
 * @param producerId the producer the batch belongs to; null for the writer's own producer id. One
 *     writer can so serve many producers (e.g. one per Kafka partition).
 * @param schema the schema of {@code records}; null for a batch of map {@code rows}
 * @param rows rows as maps (see {@link #ofRows(long, List)}); empty for a batch of records
 * @param source the input file the rows were read from ({@link #fromSource}), or null; recorded in
 *     the provenance of the data files the rows go to
 * @param run the writer run that appends the batch: set by the {@link TableWriter} ({@link
 *     TableWriter#run()}), null before
 */
public record Batch(
    String producerId,
    long sequence,
    Schema schema,
    List<Record> records,
    List<Map<String, Object>> rows,
    String source,
    String run) {
  public Batch {
    records = List.copyOf(Objects.requireNonNull(records, "records"));
    // An Arrow view is immutable and read on demand: a copy would read every row now.
    rows = rows == null ? List.of() : rows instanceof ArrowRows.View ? rows : List.copyOf(rows);
    if (!records.isEmpty()) {
      Objects.requireNonNull(schema, "schema");
    }
    Preconditions.checkArgument(
        sequence >= 0, "Invalid batch sequence: %s (must be >= 0)", sequence);
    Preconditions.checkArgument(
        producerId == null || !producerId.isBlank(),
        "Invalid producer id of batch %s: must not be empty",
        sequence);
  }

  /** A batch read from no file in particular, not yet appended. */
  public Batch(
      String producerId,
      long sequence,
      Schema schema,
      List<Record> records,
      List<Map<String, Object>> rows) {
    this(producerId, sequence, schema, records, rows, null, null);
  }

  /**
   * A batch of Iceberg records of the writer's producer. Every record must follow {@code schema}'s
   * field order; an empty batch commits its sequence and no rows.
   */
  public static Batch of(long sequence, Schema schema, List<Record> records) {
    return new Batch(null, sequence, Objects.requireNonNull(schema, "schema"), records, null);
  }

  /**
   * A batch of rows as maps from column name to value, converted by the writer to the table schema:
   * numbers widen or narrow only without loss, text parses as numbers, booleans, ISO-8601 dates and
   * times or UUIDs, nested maps fill struct columns. A value that cannot be converted fails the
   * batch (or becomes a dead letter) naming the row and column. {@code schema} is null.
   */
  public static Batch ofRows(long sequence, List<Map<String, Object>> rows) {
    return new Batch(null, sequence, null, List.of(), Objects.requireNonNull(rows, "rows"));
  }

  /**
   * A batch of the rows of an Arrow {@code root}, converted by the writer to the table schema as
   * {@link #ofRows(long, List) map rows} are, with the same checks: a value that does not fit its
   * column fails the batch (or becomes a dead letter) naming the row and column. Columns match by
   * name; Arrow timestamps with a time zone go to {@code timestamptz} columns, without one to
   * {@code timestamp} columns.
   *
   * <p>Columns whose Arrow type already is the table's ({@code dev.floe.columnar.ArrowLayout}) are
   * copied vector by vector, the others converted value by value; results and errors are the same
   * either way.
   *
   * <p>The caller keeps ownership of {@code root}, and Floe never closes it; Floe reads it while
   * the batch is appended, so keep it unchanged until {@link TableWriter#append} or {@link
   * TableWriter#appendAsync} returns; then the caller may refill, reuse or close it.
   */
  public static Batch ofArrow(long sequence, VectorSchemaRoot root) {
    return ofRows(sequence, ArrowRows.view(Objects.requireNonNull(root, "root")));
  }

  /** This batch as one of producer {@code id}, whatever the writer's own producer id is. */
  public Batch forProducer(String id) {
    return new Batch(
        Objects.requireNonNull(id, "producerId"), sequence, schema, records, rows, source, run);
  }

  /**
   * This batch as rows read from the input file {@code file} (a name, not a path that would leak a
   * local folder), which the provenance of its data files names ({@code floe lineage}).
   */
  public Batch fromSource(String file) {
    Preconditions.checkArgument(
        file != null && !file.isBlank(), "Invalid source of batch %s: must not be empty", sequence);
    return new Batch(producerId, sequence, schema, records, rows, file, run);
  }

  /** This batch as appended by writer run {@code writerRun}. */
  Batch inRun(String writerRun) {
    return new Batch(producerId, sequence, schema, records, rows, source, writerRun);
  }

  /** Whether this batch holds map rows, to be converted by the writer. */
  public boolean isMapRows() {
    return schema == null;
  }

  public int size() {
    return records.size() + rows.size();
  }

  /** This Arrow batch, checked to copy column by column into {@code tableSchema}'s layout. */
  Batch asColumnsOf(Schema tableSchema) {
    return new Batch(producerId, sequence, tableSchema, List.of(), rows, source, run);
  }

  /** The Arrow view of a batch {@link #asColumnsOf} made, else null. */
  ArrowRows.View columns() {
    return schema != null && rows instanceof ArrowRows.View view ? view : null;
  }

  /** The same producer and sequence with other records: the rows that passed a check. */
  Batch withRecords(Schema recordSchema, List<Record> newRecords) {
    return new Batch(producerId, sequence, recordSchema, newRecords, null, source, run);
  }
}
