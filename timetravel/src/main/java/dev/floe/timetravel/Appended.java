package dev.floe.timetravel;

import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The rows appended between two snapshots of one branch, for continuous training: start with {@link
 * TimeTravel#appended}, end with {@link #arrow} or {@link #records}. Files come in path order, rows
 * in file order, as in {@link Reader}.
 *
 * <p>Compactions ({@code replace} snapshots) in the range are skipped safely: they rewrite rows
 * already counted, they add none. An {@code overwrite} or {@code delete} in the range fails the
 * read, naming the snapshot, because appended rows alone would then not describe the change; {@link
 * #includeAllOperations()} reads the appended rows anyway (rows those snapshots added or removed
 * are not reflected).
 */
public final class Appended {
  private static final Set<String> SAFE = Set.of(DataOperations.APPEND, DataOperations.REPLACE);

  private final Table table;
  private final String name;
  private final long fromExclusive;
  private final long toInclusive;
  private List<String> columns = List.of();
  private boolean allOperations;
  private int batchSize = Reader.DEFAULT_BATCH_SIZE;

  Appended(Table table, String name, long fromExclusive, long toInclusive) {
    this.table = Objects.requireNonNull(table, "table");
    this.name = Objects.requireNonNull(name, "name");
    this.fromExclusive = fromExclusive;
    this.toInclusive = toInclusive;
  }

  /** Reads only these columns, in table order; default all. */
  public Appended select(String... newColumns) {
    this.columns = List.of(newColumns);
    return this;
  }

  /** Reads the appended rows even if the range holds overwrites or deletes. */
  public Appended includeAllOperations() {
    this.allOperations = true;
    return this;
  }

  public Appended batchSize(int rows) {
    Preconditions.checkArgument(rows > 0, "Invalid batch size: %s (must be positive)", rows);
    this.batchSize = rows;
    return this;
  }

  /** Streams the appended rows as Arrow batches from {@code allocator}; the caller closes them. */
  public ArrowBatches arrow(BufferAllocator allocator) {
    Objects.requireNonNull(allocator, "allocator");
    SnapshotFiles files = plan();
    Schema base = SnapshotUtil.schemaFor(table, toInclusive);
    Schema projection = columns.isEmpty() ? base : base.select(columns);
    return new ArrowBatches(
        projection,
        files.openers(base, projection, batchSize, true, null),
        allocator,
        batchSize,
        null,
        new FileDigests(files.paths(), null, false),
        digest -> {},
        ReadAhead.defaultThreads());
  }

  /** Streams the appended rows as Iceberg generic records, in the same order as {@link #arrow}. */
  public CloseableIterable<Record> records() {
    SnapshotFiles files = plan();
    Schema base = SnapshotUtil.schemaFor(table, toInclusive);
    return files.read(base, columns.isEmpty() ? base : base.select(columns), null);
  }

  private SnapshotFiles plan() {
    Snapshot to = snapshot(toInclusive);
    snapshot(fromExclusive);
    Preconditions.checkArgument(
        SnapshotUtil.isAncestorOf(table, toInclusive, fromExclusive),
        "Cannot read rows appended to %s between snapshots %s and %s: %s is not an ancestor of %s",
        name,
        fromExclusive,
        toInclusive,
        fromExclusive,
        toInclusive);
    for (Snapshot snapshot : SnapshotUtil.ancestorsBetween(table, toInclusive, fromExclusive)) {
      if (!allOperations && !SAFE.contains(snapshot.operation())) {
        throw new UnsupportedOperationException(
            String.format(
                "Cannot read rows appended to %s between snapshots %s and %s: snapshot %s is a %s,"
                    + " not an append (use includeAllOperations() to read the appended rows anyway)",
                name, fromExclusive, toInclusive, snapshot.snapshotId(), snapshot.operation()));
      }
    }
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> planned =
        table
            .newIncrementalAppendScan()
            .fromSnapshotExclusive(fromExclusive)
            .toSnapshot(toInclusive)
            .includeColumnStats()
            .planFiles()) {
      planned.forEach(tasks::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan appended files of " + name, e);
    }
    tasks.sort(Comparator.comparing(task -> task.file().location()));
    return new SnapshotFiles(table, name, to, Expressions.alwaysTrue(), tasks);
  }

  private Snapshot snapshot(long id) {
    Snapshot snapshot = table.snapshot(id);
    if (snapshot == null) {
      throw new SnapshotNotFoundException("Table %s has no snapshot %s", name, id);
    }
    return snapshot;
  }
}
