package dev.floe.timetravel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
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
import org.apache.orc.storage.ql.exec.vector.BytesColumnVector;
import org.apache.orc.storage.ql.exec.vector.ColumnVector;
import org.apache.orc.storage.ql.exec.vector.DecimalColumnVector;
import org.apache.orc.storage.ql.exec.vector.DoubleColumnVector;
import org.apache.orc.storage.ql.exec.vector.LongColumnVector;
import org.apache.orc.storage.ql.exec.vector.TimestampColumnVector;
import org.apache.orc.storage.ql.exec.vector.VectorizedRowBatch;

/**
 * The vectorized ORC path: Iceberg's batched ORC reader hands out ORC's own column vectors, copied
 * here column by column into the root, without a record per row. Iceberg's ArrowReader reads
 * Parquet only.
 *
 * <p>Used where it gives exactly the row path's values: ORC, flat columns of the types below, every
 * projected column present in the file, no delete files and no residual row filter.
 */
final class OrcBatches implements FileBatches {
  private static final Set<Type.TypeID> TYPES =
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
          Type.TypeID.BINARY,
          Type.TypeID.DECIMAL);

  private final CloseableIterable<VectorizedRowBatch> batches;
  private final CloseableIterator<VectorizedRowBatch> iterator;
  private final List<Type> types;

  private OrcBatches(CloseableIterable<VectorizedRowBatch> batches, Schema projection) {
    this.batches = batches;
    this.iterator = batches.iterator();
    this.types = projection.columns().stream().map(Types.NestedField::type).toList();
  }

  static boolean supports(FileScanTask task, Schema projection) {
    return FileBatches.vectorizable(task, projection, FileFormat.ORC, TYPES);
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
      copy(batch.cols[i], target, types.get(i), rows);
      target.setValueCount(rows);
    }
    root.setRowCount(rows);
    if (digest != null) {
      digest.update(root, types);
    }
    return rows;
  }

  private static void copy(ColumnVector source, FieldVector target, Type type, int rows) {
    if (target instanceof BaseFixedWidthVector fixed) {
      while (fixed.getValueCapacity() < rows) {
        fixed.reAlloc();
      }
    }
    for (int row = 0; row < rows; row++) {
      int at = source.isRepeating ? 0 : row;
      if (!source.noNulls && source.isNull[at]) {
        target.setNull(row);
        continue;
      }
      switch (type.typeId()) {
        case BOOLEAN -> ((BitVector) target).set(row, (int) longs(source)[at]);
        case INTEGER -> ((IntVector) target).set(row, (int) longs(source)[at]);
        case DATE -> ((DateDayVector) target).set(row, (int) longs(source)[at]);
        case LONG -> ((BigIntVector) target).set(row, longs(source)[at]);
        case TIME -> ((TimeMicroVector) target).set(row, longs(source)[at]);
        case FLOAT ->
            ((Float4Vector) target).set(row, (float) ((DoubleColumnVector) source).vector[at]);
        case DOUBLE -> ((Float8Vector) target).set(row, ((DoubleColumnVector) source).vector[at]);
        case TIMESTAMP -> {
          TimestampColumnVector times = (TimestampColumnVector) source;
          // ORC keeps milliseconds plus the nanos of the second: the row path's arithmetic.
          long micros =
              Math.floorDiv(times.time[at], 1_000L) * 1_000_000L + times.nanos[at] / 1_000;
          ((TimeStampVector) target).set(row, micros);
        }
        case STRING, BINARY -> {
          BytesColumnVector bytes = (BytesColumnVector) source;
          ((BaseVariableWidthVector) target)
              .setSafe(row, bytes.vector[at], bytes.start[at], bytes.length[at]);
        }
        case DECIMAL -> {
          Types.DecimalType decimal = (Types.DecimalType) type;
          ((DecimalVector) target)
              .setSafe(
                  row,
                  ((DecimalColumnVector) source)
                      .vector[at]
                      .getHiveDecimal()
                      .bigDecimalValue()
                      .setScale(decimal.scale()));
        }
        default -> throw new UnsupportedOperationException("Cannot copy an ORC column of " + type);
      }
    }
  }

  private static long[] longs(ColumnVector source) {
    return ((LongColumnVector) source).vector;
  }

  @Override
  public boolean vectorized() {
    return true;
  }

  @Override
  public void close() {
    try {
      iterator.close();
      batches.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close data file", e);
    }
  }
}
