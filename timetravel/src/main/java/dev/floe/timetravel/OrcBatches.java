package dev.floe.timetravel;

import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.orc.ORC;
import org.apache.iceberg.orc.OrcBatchReader;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.orc.storage.ql.exec.vector.VectorizedRowBatch;

/**
 * The vectorized ORC path: Iceberg's batched ORC reader hands out ORC's own column vectors, copied
 * here column by column into the root, without a record per row. Iceberg's ArrowReader reads
 * Parquet only.
 *
 * <p>Used where it gives exactly the row path's values: ORC, columns of the types below (lists,
 * maps and structs of them at any depth, copied value by value by {@link OrcValues}), every
 * projected column present in the file, no delete files and no residual row filter.
 */
final class OrcBatches implements FileBatches {
  private static final Set<Type.TypeID> TYPES =
      FileBatches.primitivesAnd(
          Type.TypeID.DECIMAL, Type.TypeID.LIST, Type.TypeID.MAP, Type.TypeID.STRUCT);

  private final CloseableIterable<VectorizedRowBatch> batches;
  private final CloseableIterator<VectorizedRowBatch> iterator;
  private final List<Type> types;
  private final OrcValues.Copier[] copiers; // per projected column

  private OrcBatches(CloseableIterable<VectorizedRowBatch> batches, Schema projection) {
    this.types = projection.columns().stream().map(Types.NestedField::type).toList();
    this.copiers = types.stream().map(OrcValues::of).toArray(OrcValues.Copier[]::new);
    this.batches = batches;
    this.iterator = batches.iterator();
  }

  static boolean supports(FileScanTask task, Schema projection) {
    return FileBatches.vectorizable(task, projection, FileFormat.ORC, TYPES)
        && projection.columns().stream().allMatch(c -> readable(c.type()));
  }

  // Every type nested in a list, map or struct is one this path copies, too.
  private static boolean readable(Type type) {
    return switch (type.typeId()) {
      case LIST -> readable(type.asListType().elementType());
      case MAP -> readable(type.asMapType().keyType()) && readable(type.asMapType().valueType());
      case STRUCT -> type.asStructType().fields().stream().allMatch(f -> readable(f.type()));
      default -> TYPES.contains(type.typeId());
    };
  }

  static OrcBatches open(
      InputFile file, FileScanTask task, Schema projection, NameMapping mapping, int batchSize) {
    ORC.ReadBuilder read =
        ORC.read(file)
            .project(projection)
            .split(task.start(), task.length())
            .recordsPerBatch(batchSize)
            // The batch is ORC's own, reused for the next one: copied out before then.
            .createBatchedReaderFunc(fileSchema -> new PassThrough());
    if (mapping != null) {
      read = read.withNameMapping(mapping);
    }
    return new OrcBatches(read.build(), projection);
  }

  private static final class PassThrough implements OrcBatchReader<VectorizedRowBatch> {
    @Override
    public VectorizedRowBatch read(VectorizedRowBatch batch) {
      return batch;
    }

    @Override
    public void setBatchContext(long batchOffsetInFile) {}
  }

  @Override
  public boolean hasNext() {
    return iterator.hasNext();
  }

  @Override
  public int next(VectorSchemaRoot root, ContentDigest digest) {
    VectorizedRowBatch batch = iterator.next();
    int rows = batch.size;
    List<FieldVector> targets = root.getFieldVectors();
    for (int i = 0; i < targets.size(); i++) {
      FieldVector target = targets.get(i);
      target.reset();
      OrcValues.room(target, rows);
      for (int row = 0; row < rows; row++) {
        OrcValues.copy(copiers[i], batch.cols[i], row, target, row);
      }
      target.setValueCount(rows);
    }
    return FileBatches.filled(root, rows, digest, types);
  }

  @Override
  public void close() {
    FileBatches.close(iterator, batches);
  }
}
