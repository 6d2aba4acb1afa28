package dev.floe.columnar;

import java.util.List;
import java.util.Objects;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Writes Iceberg records of one partition through Iceberg's own writers, for rows that are records
 * already and schemas the vector writers cannot take ({@link ColumnarFiles#takes} is false: v3's
 * variant, geometry, geography and unknown types). Files roll at the target size and carry the
 * {@link Provenance} of their rows, as {@link PartitionWriter}'s do.
 *
 * <pre>{@code
 * try (RecordPartitionWriter writer = RecordPartitionWriter.open(files, partition, log)) {
 *   log.add(origin, 1);
 *   writer.write(row);
 *   dataFiles = writer.finish();
 * }
 * }</pre>
 *
 * <p>Close without {@link #finish()} deletes every file written. Not thread-safe.
 */
public final class RecordPartitionWriter implements AutoCloseable {
  private final GenericPartitionWriter writer;

  private RecordPartitionWriter(GenericPartitionWriter writer) {
    this.writer = writer;
  }

  /**
   * A writer of {@code partition} (null for an unpartitioned spec) whose files carry the provenance
   * {@code provenance} logs (the caller logs each row before writing it); null for none.
   */
  public static RecordPartitionWriter open(
      ColumnarFiles files, StructLike partition, ProvenanceLog provenance) {
    Objects.requireNonNull(files, "files");
    Preconditions.checkArgument(
        files.spec().isUnpartitioned() == (partition == null),
        "Invalid partition %s for spec %s",
        partition,
        files.spec());
    return new RecordPartitionWriter(new GenericPartitionWriter(files, partition, provenance));
  }

  /** Writes {@code row}, whose fields are the files' schema's columns in order. */
  public void write(Record row) {
    writer.write(Objects.requireNonNull(row, "row"));
  }

  /** Closes the open file and returns every file written, with Iceberg's metrics. */
  public List<DataFile> finish() {
    return writer.finish();
  }

  @Override
  public void close() {
    writer.close();
  }
}
