package dev.floe.columnar;

import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;

/**
 * Writes rows held in Arrow vectors into the data files of one partition, rolling to a new file at
 * the target size. Not thread-safe: one writer per thread. Rows from many roots (for example the
 * batches of one group commit) may go into the same files.
 *
 * <p>Use with try-with-resources: {@link #close()} without {@link #finish()} aborts, deleting every
 * file this writer wrote, so a failure leaves nothing behind.
 */
public interface PartitionWriter extends AutoCloseable {
  /**
   * Appends rows {@code order[from]..order[to - 1]} of {@code columns}, in that order; with a null
   * {@code order}, rows {@code from..to - 1}. The vectors of {@code columns} are the write schema's
   * top-level columns in schema order, laid out as {@link ArrowLayout#of} says. Nothing of {@code
   * columns} is kept after this returns.
   */
  void write(VectorSchemaRoot columns, int[] order, int from, int to);

  /** Closes the open file and returns every file written, with Iceberg's metrics for each. */
  List<DataFile> finish();

  /** Aborts unless finished: closes the open file and deletes every file written. */
  @Override
  void close();
}
