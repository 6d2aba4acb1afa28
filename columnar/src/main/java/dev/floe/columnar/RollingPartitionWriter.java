package dev.floe.columnar;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.util.StructLikeUtil;

/**
 * What the Parquet and ORC partition writers share: the writer's states (open, failed, finished,
 * closed), the files it started and finished, and the abort that deletes them all. A format only
 * opens, fills and closes its one open file.
 *
 * <p>A write that fails part-way may leave a row half-written, so after it the writer refuses to
 * write or finish: close it, which deletes every file it started.
 */
abstract class RollingPartitionWriter implements PartitionWriter {
  // Iceberg's RollingFileWriter.ROWS_DIVISOR: it checks the size every this many rows of a file.
  static final int ROWS_DIVISOR = 1000;

  final ColumnarFiles files;
  final PartitionSpec spec;
  final StructLike partition;
  private final ProvenanceLog provenance;
  private final List<DataFile> done = new ArrayList<>();
  private final List<String> locations = new ArrayList<>();
  private String failure;
  private boolean finished;
  private boolean closed;

  RollingPartitionWriter(ColumnarFiles files, StructLike partition, ProvenanceLog provenance) {
    this.files = files;
    this.provenance = provenance;
    this.spec = files.spec();
    // A copy: callers reuse one PartitionKey across partitions, and files are named and described
    // by it long after open.
    this.partition = partition == null ? null : StructLikeUtil.copy(partition);
  }

  /** Whether a file is open (it may hold no row yet). */
  abstract boolean hasOpenFile();

  /** Rows in the open file. */
  abstract long openFileRecords();

  /** Closes the open file and returns it; afterwards no file is open. */
  abstract DataFile closeOpenFile();

  /** Stops the open file without finishing it; afterwards no file is open. */
  abstract void abortOpenFile();

  /** A new output file in this partition, remembered so that an abort deletes it. */
  final EncryptedOutputFile newOutputFile() {
    EncryptedOutputFile file = files.newOutputFile(partition);
    locations.add(file.encryptingOutputFile().location());
    return file;
  }

  /** Checks the state and the row range of a write; {@code length} is the rows or order length. */
  final void checkWrite(int[] order, int from, int to, int length) {
    Preconditions.checkState(
        !finished && !closed, "Cannot write: the writer is finished or closed");
    Preconditions.checkState(
        failure == null,
        "Cannot write after a failed write: an earlier write failed (%s), close to abort",
        failure);
    Preconditions.checkArgument(
        0 <= from && from <= to && to <= length,
        "Invalid rows [%s, %s) of %s %s",
        from,
        to,
        length,
        order != null ? "ordered rows" : "rows");
  }

  /** The provenance JSON of the open file's {@code rows} rows, taken from the log; null: none. */
  final String provenanceOf(long rows) {
    return provenance == null ? null : provenance.take(rows).toJson();
  }

  /** Closes the open file, which reached the target size, and keeps it. */
  final void roll() {
    done.add(closeOpenFile());
  }

  /** Marks the writer failed; callers rethrow {@code e}. */
  final void failed(Throwable e) {
    failure = String.valueOf(e.getMessage());
  }

  @Override
  public final List<DataFile> finish() {
    Preconditions.checkState(!closed, "Cannot finish: the writer is closed");
    Preconditions.checkState(
        failure == null,
        "Cannot finish after a failed write: an earlier write failed (%s), close to abort",
        failure);
    if (!finished) {
      try {
        if (hasOpenFile() && openFileRecords() > 0) {
          roll();
        } else if (hasOpenFile()) {
          abortOpenFile();
        }
      } catch (RuntimeException e) {
        failed(e);
        throw e;
      }
      finished = true;
    }
    return List.copyOf(done);
  }

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (finished) {
      return;
    }
    RuntimeException failed = null;
    if (hasOpenFile()) {
      try {
        abortOpenFile();
      } catch (RuntimeException e) {
        failed = e;
      }
    }
    for (String location : locations) {
      try {
        files.io().deleteFile(location);
      } catch (RuntimeException e) {
        RuntimeException cause = new IllegalStateException("Cannot delete " + location, e);
        if (failed == null) {
          failed = cause;
        } else {
          failed.addSuppressed(cause);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }
}
