package dev.floe.timetravel;

import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.BaseCombinedScanTask;
import org.apache.iceberg.CombinedScanTask;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.arrow.vectorized.ArrowReader;
import org.apache.iceberg.arrow.vectorized.ColumnarBatch;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The second Parquet path, for files {@link ParquetPages} does not decode (decimal, UUID and fixed
 * columns): one Parquet file read by Iceberg's vectorized {@link ArrowReader}, its vectors copied
 * buffer by buffer into our root. Iceberg allocates from its own global allocator, and Arrow cannot
 * move buffers between allocators of different roots, so a memory copy (not a value by value
 * conversion) is the price of handing out vectors from the caller's allocator.
 *
 * <p>Used only where it gives exactly the row path's values: Parquet, flat primitive columns, no
 * delete files and no residual row filter. A file that lacks a projected column (written before the
 * column was added) is left to the row path, which reads such columns as nulls. Columns Iceberg
 * hands out in their Parquet encoding are decoded by {@link VectorCopy}.
 */
final class ParquetBatches implements FileBatches {
  private static final Set<Type.TypeID> TYPES =
      FileBatches.primitivesAnd(Type.TypeID.UUID, Type.TypeID.DECIMAL);

  private final ArrowReader reader;
  private final CloseableIterator<ColumnarBatch> batches;
  private final List<Type> types;
  private ColumnarBatch pending;

  private ParquetBatches(
      ArrowReader reader, CloseableIterator<ColumnarBatch> batches, Schema schema) {
    this.reader = reader;
    this.batches = batches;
    this.types = schema.columns().stream().map(Types.NestedField::type).toList();
  }

  /** Whether this file and projection can take the vectorized path at all. */
  static boolean supports(FileScanTask task, Schema projection) {
    return FileBatches.vectorizable(task, projection, FileFormat.PARQUET, TYPES);
  }

  /**
   * Opens the file and reads its first batch; returns null, having closed everything, when a column
   * of it cannot be handed out as {@code root}'s type (the caller then uses the row path). Only
   * reads: the root may still hold the batch the caller is working on.
   */
  static ParquetBatches open(
      Table table,
      long snapshotId,
      FileScanTask task,
      Schema projection,
      VectorSchemaRoot root,
      int batchSize) {
    TableScan scan = table.newScan().useSnapshot(snapshotId).project(projection);
    ArrowReader reader = new ArrowReader(scan, batchSize, true);
    CloseableIterable<CombinedScanTask> one =
        CloseableIterable.withNoopClose(List.of(new BaseCombinedScanTask(task)));
    ParquetBatches batches = new ParquetBatches(reader, reader.open(one), projection);
    try {
      if (batches.batches.hasNext()) {
        batches.pending = batches.batches.next();
        if (!batches.matches(root)) {
          batches.close();
          return null;
        }
      }
      return batches;
    } catch (RuntimeException e) {
      batches.close();
      throw e;
    }
  }

  // A column Iceberg hands out without a vector (a constant) or in an encoding its accessors cannot
  // decode to our type (a promoted type) is left to the row path.
  private boolean matches(VectorSchemaRoot root) {
    List<FieldVector> targets = root.getFieldVectors();
    if (pending.numCols() != targets.size()) {
      return false;
    }
    for (int i = 0; i < pending.numCols(); i++) {
      if (!VectorCopy.canCopy(pending.column(i), targets.get(i), types.get(i), pending.numRows())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean hasNext() {
    return pending != null || batches.hasNext();
  }

  @Override
  public int next(VectorSchemaRoot root, ContentDigest digest) {
    ColumnarBatch batch = pending != null ? pending : batches.next();
    pending = null;
    List<FieldVector> targets = root.getFieldVectors();
    int rows = batch.numRows();
    for (int i = 0; i < targets.size(); i++) {
      VectorCopy.copy(batch.column(i), targets.get(i), types.get(i), rows);
    }
    return FileBatches.filled(root, rows, digest, types);
  }

  @Override
  public void close() {
    FileBatches.close(batches, reader);
  }
}
