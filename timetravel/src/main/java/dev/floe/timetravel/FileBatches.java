package dev.floe.timetravel;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
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

  /**
   * The file positions of the last batch's rows, in order; null when they follow the previous
   * batch's rows without a gap, from position 0 (no row of the file was skipped).
   */
  default long[] positions() {
    return null;
  }

  /**
   * The physical row count of each digest unit of the file ({@link DigestUnits}), when this path
   * holds the footer anyway; else null.
   */
  default long[] unitRows() {
    return null;
  }

  /** Whether this file takes a vectorized path (all but the row path do); counted for tests. */
  default boolean vectorized() {
    return true;
  }

  @Override
  void close();

  /** The flat types every vectorized path reads exactly as the row path does. */
  Set<Type.TypeID> PRIMITIVES =
      Set.of(
          Type.TypeID.BOOLEAN,
          Type.TypeID.INTEGER,
          Type.TypeID.LONG,
          Type.TypeID.FLOAT,
          Type.TypeID.DOUBLE,
          Type.TypeID.DATE,
          Type.TypeID.TIME,
          Type.TypeID.TIMESTAMP,
          Type.TypeID.STRING,
          Type.TypeID.BINARY);

  /** {@link #PRIMITIVES} and {@code more}. */
  static Set<Type.TypeID> primitivesAnd(Type.TypeID... more) {
    Set<Type.TypeID> types = EnumSet.copyOf(PRIMITIVES);
    types.addAll(Arrays.asList(more));
    return Collections.unmodifiableSet(types);
  }

  /**
   * Ends a batch of {@code rows} written to the root's vectors: sets its row count and adds them to
   * {@code digest} when it is not null. Returns {@code rows}, as {@link #next} does.
   */
  static int filled(VectorSchemaRoot root, int rows, ContentDigest digest, List<Type> types) {
    root.setRowCount(rows);
    if (digest != null) {
      digest.update(root, types);
    }
    return rows;
  }

  /** Closes {@code parts} in order, each even when an earlier one fails. */
  static void close(Closeable... parts) {
    UncheckedIOException failure = null;
    for (Closeable part : parts) {
      try {
        part.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = new UncheckedIOException("Cannot close data file", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

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
