package dev.floe.timetravel;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The rows of one data file, moved batch by batch into the shared {@link VectorSchemaRoot} of an
 * {@link ArrowBatches}. Two implementations: {@link RecordBatches} (Iceberg generic records, any
 * format and type) and {@link ParquetBatches} (Iceberg's vectorized Parquet reader). Both give the
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

  @Override
  void close();
}
