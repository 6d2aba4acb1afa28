package dev.floe.timetravel;

import dev.floe.catalog.exceptions.NoSuchRefException;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Reads a table as of one snapshot, with the schema the table had at that snapshot. Rows come back
 * file by file in data file path order, each file in its own row order: the same order on every
 * read, whatever the batch size.
 *
 * <pre>{@code
 * try (ArrowBatches batches = TimeTravel.read(table).useRef("exp-1").select("id", "embedding").arrow(allocator)) {
 *   for (VectorSchemaRoot batch : batches) { ... }
 * }
 * }</pre>
 */
public final class Reader {
  static final int DEFAULT_BATCH_SIZE = 8192;

  private final Table table;
  private final String name;
  private String ref = SnapshotRef.MAIN_BRANCH;
  private Long snapshotId;
  private List<String> columns = List.of();
  private int batchSize = DEFAULT_BATCH_SIZE;

  Reader(Table table, String name) {
    this.table = Objects.requireNonNull(table, "table");
    this.name = Objects.requireNonNull(name, "name");
  }

  /** Reads the current snapshot of this branch or tag; default {@code main}. */
  public Reader useRef(String newRef) {
    this.ref = Objects.requireNonNull(newRef, "ref");
    return this;
  }

  /** Reads this snapshot; wins over {@link #useRef}. */
  public Reader snapshot(long newSnapshotId) {
    this.snapshotId = newSnapshotId;
    return this;
  }

  /** Reads only these columns (nested ones as {@code a.b}), in table order; default all. */
  public Reader select(String... newColumns) {
    this.columns = List.of(newColumns);
    return this;
  }

  /** Reads only these columns; an empty list means all. */
  public Reader select(List<String> newColumns) {
    this.columns = List.copyOf(newColumns);
    return this;
  }

  public Reader batchSize(int rows) {
    if (rows <= 0) {
      throw new IllegalArgumentException("Invalid batch size: " + rows + " (must be positive)");
    }
    this.batchSize = rows;
    return this;
  }

  /** The snapshot this reader reads; throws if the ref or snapshot does not exist. */
  public long snapshotId() {
    return resolve().snapshotId();
  }

  /** The Iceberg schema of what this reader returns: the snapshot's schema, projected. */
  public Schema schema() {
    return projection(resolve());
  }

  /** Streams the rows as Arrow batches allocated from {@code allocator}; the caller closes them. */
  public ArrowBatches arrow(BufferAllocator allocator) {
    return arrow(allocator, digest -> {});
  }

  ArrowBatches arrow(BufferAllocator allocator, Consumer<String> onExhausted) {
    Objects.requireNonNull(allocator, "allocator");
    Snapshot snapshot = resolve();
    Schema projection = projection(snapshot);
    CloseableIterable<Record> records = SnapshotFiles.plan(table, name, snapshot).read(projection);
    return new ArrowBatches(projection, records, allocator, batchSize, onExhausted);
  }

  /** Streams the rows as Iceberg generic records, in the same order as {@link #arrow}. */
  public CloseableIterable<Record> records() {
    Snapshot snapshot = resolve();
    return SnapshotFiles.plan(table, name, snapshot).read(projection(snapshot));
  }

  Snapshot resolve() {
    if (snapshotId != null) {
      Snapshot snapshot = table.snapshot(snapshotId);
      if (snapshot == null) {
        throw new SnapshotNotFoundException("Table %s has no snapshot %s", name, snapshotId);
      }
      return snapshot;
    }
    if (!SnapshotRef.MAIN_BRANCH.equals(ref) && !table.refs().containsKey(ref)) {
      TreeSet<String> refs = new TreeSet<>(table.refs().keySet());
      refs.add(SnapshotRef.MAIN_BRANCH);
      throw new NoSuchRefException(
          "Table %s has no branch or tag '%s' (it has: %s)", name, ref, String.join(", ", refs));
    }
    Snapshot snapshot = table.snapshot(ref);
    if (snapshot == null) {
      throw new SnapshotNotFoundException("Table %s has no snapshot on %s yet", name, ref);
    }
    return snapshot;
  }

  private Schema projection(Snapshot snapshot) {
    Schema schema = SnapshotUtil.schemaFor(table, snapshot.snapshotId());
    if (columns.isEmpty()) {
      return schema;
    }
    for (String column : columns) {
      if (schema.findField(column) == null) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot read %s at snapshot %s: no column '%s' (columns: %s)",
                name,
                snapshot.snapshotId(),
                column,
                schema.columns().stream().map(c -> c.name()).collect(Collectors.joining(", "))));
      }
    }
    return schema.select(columns);
  }
}
