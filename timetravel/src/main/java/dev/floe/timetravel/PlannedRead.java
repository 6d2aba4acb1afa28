package dev.floe.timetravel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * A {@link Reader}'s read once planned: the files, the schema rows are read with ({@code base}) and
 * the one handed out ({@code projection}), and the streams over them: Arrow batches with their
 * digests, generic records, one opener per file, the rows a parts export routes. The reader says
 * what to read; this is how it is read.
 *
 * @param split the part of a split kept, or null for all rows
 * @param shuffleSeed the seed of a shuffled read, or null for file order
 */
record PlannedRead(
    SnapshotFiles files,
    Schema base,
    Schema projection,
    int batchSize,
    boolean vectorized,
    SnapshotFiles.SplitPart split,
    Long shuffleSeed) {

  /**
   * What digest an Arrow read takes: none ({@code compute} false), the single digest of older locks
   * ({@code legacy}), or per-file digests, of {@code floe-digest/2} when {@code units}, checked
   * against {@code expected} when it is not null.
   */
  record Digests(boolean compute, boolean legacy, boolean units, List<FileDigest> expected) {}

  /** The read as one opener per data file, to read files apart (see {@link DeepVerifier}). */
  record FileReads(
      Schema projection,
      List<String> paths,
      List<ArrowBatches.Opener> openers,
      int batchSize,
      boolean units) {}

  /**
   * The schema rows are read with, before projection: {@code readSchema} when set, else the table's
   * current schema when asked for, else the snapshot's.
   */
  static Schema base(Table table, Snapshot snapshot, Schema readSchema, boolean current) {
    if (readSchema != null) {
      return readSchema;
    }
    return current ? table.schema() : SnapshotUtil.schemaFor(table, snapshot.snapshotId());
  }

  /**
   * {@code columns} of {@code schema} (all when empty), in table order; a column it lacks throws,
   * naming those it has.
   */
  static Schema select(String name, Snapshot snapshot, Schema schema, List<String> columns) {
    if (columns.isEmpty()) {
      return schema;
    }
    for (String column : columns) {
      Preconditions.checkArgument(
          schema.findField(column) != null,
          "Cannot read %s at snapshot %s: no column '%s' (columns: %s)",
          name,
          snapshot.snapshotId(),
          column,
          schema.columns().stream().map(c -> c.name()).collect(Collectors.joining(", ")));
    }
    return schema.select(columns);
  }

  ArrowBatches arrow(
      BufferAllocator allocator,
      Consumer<String> onExhausted,
      Digests digests,
      int threads,
      FileListener listener) {
    List<ArrowBatches.Opener> openers =
        shuffleSeed == null
            ? files.openers(base, projection, batchSize, vectorized, split)
            : List.of(
                ArrowBatches.rows(
                    writers ->
                        new RecordBatches(
                            shuffled(files.read(base, projection, split)),
                            writers,
                            batchSize,
                            projection.columns().size(),
                            false)));
    // A shuffled read is one stream, not files: it keeps the single digest over all rows.
    boolean perFile = shuffleSeed == null && !digests.legacy();
    Preconditions.checkState(
        digests.expected() == null || (perFile && digests.compute()),
        "Cannot verify the files of a shuffled read or without per-file digests");
    ContentDigest digest = digests.compute() && !perFile ? new ContentDigest() : null;
    FileDigests fileDigests =
        digests.compute() && perFile
            ? new FileDigests(
                files.paths(), digests.expected(), digests.units(), UnitTasks.labels(files.tasks()))
            : null;
    ArrowBatches batches =
        new ArrowBatches(
            projection, openers, allocator, batchSize, digest, fileDigests, onExhausted, threads);
    batches.onFileStarted(listener);
    return batches;
  }

  FileReads fileReads(boolean units) {
    Preconditions.checkState(shuffleSeed == null, "Cannot read a shuffled read file by file");
    return new FileReads(
        projection,
        files.paths(),
        files.openers(base, projection, batchSize, vectorized, split),
        batchSize,
        units);
  }

  CloseableIterable<Record> records() {
    CloseableIterable<Record> rows = files.read(base, projection, split);
    return shuffleSeed == null ? rows : shuffled(rows);
  }

  // java.util.Random and Collections.shuffle are specified algorithms: one seed, one order on any
  // JVM. Rows are copied because generic readers may reuse record objects.
  private CloseableIterable<Record> shuffled(CloseableIterable<Record> rows) {
    List<Record> all = new ArrayList<>();
    try (rows) {
      rows.forEach(row -> all.add(row.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close data files", e);
    }
    Collections.shuffle(all, new Random(shuffleSeed));
    return CloseableIterable.withNoopClose(all);
  }

  /** The rows {@link PartsExport} routes to the parts of {@code split}, unshuffled. */
  PartsExport.Rows partRows(Split parts) {
    Schema readSchema = RowFilter.readSchema(projection, base, files.filter(), parts.keyColumn());
    return new PartsExport.Rows(files, base, projection, readSchema, shuffleSeed);
  }
}
