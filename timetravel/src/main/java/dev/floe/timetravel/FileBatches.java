package dev.floe.timetravel;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;

/**
 * The rows of one data file, moved batch by batch into the shared {@link VectorSchemaRoot} of an
 * {@link ArrowBatches}. The row path, {@link RecordBatches} (Iceberg generic records, any format
 * and type), and three vectorized ones: {@link ParquetPages} (Floe's own Parquet page decoder),
 * {@link ParquetBatches} (Iceberg's vectorized Parquet reader) and {@link OrcBatches}. All give the
 * same values in the same order; only the speed differs.
 */
interface FileBatches extends AutoCloseable {
  /** Whether another batch with at least one row follows; does not touch the root. */
  boolean hasNext();

  /**
   * Resets the root's vectors, fills them with up to the batch size rows, sets the row count and
   * adds every row to {@code digest} when it is not null; returns the row count.
   */
  int next(VectorSchemaRoot root, ContentDigest digest);

  /** Whether this file takes a vectorized path; counted for tests and benchmarks. */
  default boolean vectorized() {
    return false;
  }

  @Override
  void close();

  /**
   * Whether a vectorized path reading {@code format} with columns of {@code types} gives exactly
   * the row path's values for this file: no delete files, no residual filter, and every projected
   * column written in the file. A column the file lacks (added later) is left to the row path,
   * which reads it as nulls; the file's value counts (kept for every top-level column by default)
   * tell.
   */
  static boolean vectorizable(
      FileScanTask task, Schema projection, FileFormat format, Set<Type.TypeID> types) {
    Map<Integer, Long> counts = task.file().valueCounts();
    return decodable(task, projection, format, types::contains)
        && task.deletes().isEmpty()
        && task.residual().equals(Expressions.alwaysTrue())
        && counts != null
        && projection.columns().stream().allMatch(c -> counts.containsKey(c.fieldId()));
  }

  /**
   * The part of {@link #vectorizable} for a path that finds out itself whether the file holds each
   * column (Iceberg keeps no value counts for list elements) and applies delete files and the
   * residual filter itself.
   */
  static boolean decodable(
      FileScanTask task, Schema projection, FileFormat format, Predicate<Type.TypeID> types) {
    return task.file().format() == format
        && !projection.columns().isEmpty()
        && projection.columns().stream().allMatch(c -> types.test(c.type().typeId()));
  }
}
