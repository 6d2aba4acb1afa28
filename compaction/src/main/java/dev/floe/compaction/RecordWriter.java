package dev.floe.compaction;

import dev.floe.columnar.ColumnarFiles;
import dev.floe.columnar.Contribution;
import dev.floe.columnar.ProvenanceLog;
import dev.floe.columnar.RecordPartitionWriter;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.Record;

/**
 * Writes rows through Iceberg's generic writers, for schemas with types that have no Arrow layout
 * (v3's variant, geometry, geography and unknown): slower than {@link ChunkedWriter}, never
 * refused, and like it each file carries the provenance of its rows. {@link #close()} without
 * {@link #finish()} deletes every file written.
 */
final class RecordWriter implements GroupRewriter.RowSink {
  private static final Contribution UNKNOWN = Contribution.unknown(0);

  private final ProvenanceLog provenance = new ProvenanceLog();
  private final RecordPartitionWriter writer;

  /** A writer of {@code partition} (an unpartitioned spec's partition is ignored). */
  RecordWriter(ColumnarFiles files, StructLike partition) {
    this.writer =
        RecordPartitionWriter.open(
            files, files.spec().isUnpartitioned() ? null : partition, provenance);
  }

  @Override
  public void write(Record row) {
    write(row, UNKNOWN);
  }

  @Override
  public void write(Record row, Contribution origin) {
    provenance.add(origin, 1);
    writer.write(row);
  }

  @Override
  public void losePositions() {
    provenance.losePositions();
  }

  @Override
  public List<DataFile> finish() {
    return writer.finish();
  }

  @Override
  public void close() {
    writer.close();
  }
}
