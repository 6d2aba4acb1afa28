package dev.floe.columnar;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.util.StructLikeUtil;

/**
 * The Parquet {@link PartitionWriter}: rows from Arrow vectors into Parquet files through
 * parquet-java's column writers, rolling as Iceberg's RollingDataWriter does (every 1000 rows of a
 * file, a new file once the bytes written plus those buffered reach the target size).
 *
 * <p>A write that fails in a row (a null in a required column, a decimal too wide) may leave a row
 * half-written, so the writer refuses to finish after it: close it, which deletes every file it
 * wrote. A bad layout or a bad {@code order} entry is found before any row of the batch is written,
 * and leaves the writer as it was.
 */
final class ParquetPartitionWriter implements PartitionWriter {
  // Iceberg's RollingFileWriter checks the size every this many rows of a file.
  private static final int ROWS_DIVISOR = 1000;

  private final ColumnarFiles files;
  private final PartitionSpec spec;
  private final StructLike partition;
  private final ParquetWriteSettings settings;
  private final org.apache.arrow.vector.types.pojo.Schema layout;
  private final List<DataFile> done = new ArrayList<>();
  private final List<String> locations = new ArrayList<>();
  private ParquetColumnFile current;
  private RuntimeException failure;
  private boolean finished;
  private boolean closed;

  ParquetPartitionWriter(ColumnarFiles files, StructLike partition) {
    this.files = files;
    this.spec = files.spec();
    this.partition = partition == null ? null : StructLikeUtil.copy(partition);
    this.settings = ParquetWriteSettings.of(files.table(), files.schema());
    this.layout = ArrowLayout.of(files.schema());
    // An unsupported type fails here, naming its column, before any file exists.
    ArrowFieldWriters.of(files.schema(), settings.type(), layout);
  }

  @Override
  public void write(VectorSchemaRoot columns, int[] order, int from, int to) {
    Preconditions.checkState(!finished && !closed, "Cannot write: the writer is finished");
    Preconditions.checkState(
        failure == null, "Cannot write after a failed write: %s", failureMessage());
    int rows = columns.getRowCount();
    Preconditions.checkArgument(
        0 <= from && from <= to && to <= (order == null ? rows : order.length),
        "Invalid rows [%s, %s) of %s",
        from,
        to,
        order == null ? rows : order.length);
    List<FieldVector> vectors = columns.getFieldVectors();
    checkColumns(vectors);
    if (from == to) {
      return;
    }
    checkOrder(order, from, to, rows);
    if (current == null) {
      current = newFile();
    }
    // Checks every vector's layout: a bad batch fails here, before any row, and the writer goes on.
    current.bind(vectors, rows);
    try {
      for (int k = from; k < to; k++) {
        int row = order == null ? k : order[k];
        current.write(row);
        if (current.records() % ROWS_DIVISOR == 0 && current.length() >= files.targetFileSize()) {
          done.add(current.close(spec, partition));
          current = newFile();
          current.bind(vectors, rows);
        }
      }
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public List<DataFile> finish() {
    Preconditions.checkState(!closed, "Cannot finish: the writer is closed");
    Preconditions.checkState(
        failure == null, "Cannot finish after a failed write: %s", failureMessage());
    if (!finished) {
      try {
        if (current != null && current.records() > 0) {
          done.add(current.close(spec, partition));
        } else if (current != null) {
          current.abort();
        }
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
      current = null;
      finished = true;
    }
    return List.copyOf(done);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (finished) {
      return;
    }
    RuntimeException failed = null;
    if (current != null) {
      try {
        current.abort();
      } catch (RuntimeException e) {
        failed = e;
      }
    }
    for (String location : locations) {
      try {
        files.table().io().deleteFile(location);
      } catch (RuntimeException e) {
        if (failed == null) {
          failed = e;
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  private ParquetColumnFile newFile() {
    OutputFile output =
        (spec.isUnpartitioned() || partition == null
                ? files.outputFiles().newOutputFile()
                : files.outputFiles().newOutputFile(spec, partition))
            .encryptingOutputFile();
    locations.add(output.location());
    return new ParquetColumnFile(
        settings, output, ArrowFieldWriters.of(files.schema(), settings.type(), layout));
  }

  private static void checkOrder(int[] order, int from, int to, int rows) {
    if (order != null) {
      for (int k = from; k < to; k++) {
        if (order[k] < 0 || order[k] >= rows) {
          throw new IllegalArgumentException(
              String.format("Invalid row %s in order[%s]: the batch has %s", order[k], k, rows));
        }
      }
    }
  }

  // Columns are matched by position, so a name that differs means the caller's order differs.
  private void checkColumns(List<FieldVector> vectors) {
    List<Field> expected = layout.getFields();
    Preconditions.checkArgument(
        vectors.size() == expected.size(),
        "Cannot write %s vectors: the write schema has %s columns %s",
        vectors.size(),
        expected.size(),
        expected.stream().map(Field::getName).toList());
    for (int k = 0; k < expected.size(); k++) {
      Preconditions.checkArgument(
          expected.get(k).getName().equals(vectors.get(k).getName()),
          "Cannot write column %s: vector %s is %s",
          expected.get(k).getName(),
          k,
          vectors.get(k).getName());
    }
  }

  private String failureMessage() {
    return failure == null ? "" : failure.getMessage();
  }
}
