package dev.floe.timetravel;

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
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
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
import org.apache.orc.storage.ql.exec.vector.ListColumnVector;
import org.apache.orc.storage.ql.exec.vector.LongColumnVector;
import org.apache.orc.storage.ql.exec.vector.MapColumnVector;
import org.apache.orc.storage.ql.exec.vector.StructColumnVector;
import org.apache.orc.storage.ql.exec.vector.TimestampColumnVector;
import org.apache.orc.storage.ql.exec.vector.VectorizedRowBatch;

/**
 * The vectorized ORC path: Iceberg's batched ORC reader hands out ORC's own column vectors, copied
 * here column by column into the root, without a record per row. Iceberg's ArrowReader reads
 * Parquet only.
 *
 * <p>Used where it gives exactly the row path's values: ORC, columns of the types below (lists,
 * maps and structs of them at any depth, copied value by value), every projected column present in
 * the file, no delete files and no residual row filter.
 */
final class OrcBatches implements FileBatches {
  private static final Set<Type.TypeID> TYPES =
      FileBatches.primitivesAnd(
          Type.TypeID.DECIMAL, Type.TypeID.LIST, Type.TypeID.MAP, Type.TypeID.STRUCT);

  private final CloseableIterable<VectorizedRowBatch> batches;
  private final CloseableIterator<VectorizedRowBatch> iterator;
  private final List<Type> types;

  private OrcBatches(CloseableIterable<VectorizedRowBatch> batches, Schema projection) {
    this.batches = batches;
    this.iterator = batches.iterator();
    this.types = projection.columns().stream().map(Types.NestedField::type).toList();
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
      copy(batch.cols[i], target, types.get(i), rows);
      target.setValueCount(rows);
    }
    return FileBatches.filled(root, rows, digest, types);
  }

  private static void copy(ColumnVector source, FieldVector target, Type type, int rows) {
    room(target, rows);
    for (int row = 0; row < rows; row++) {
      value(source, row, target, row, type);
    }
  }

  /** Copies the value at {@code sourceRow} of an ORC vector to {@code row} of an Arrow one. */
  private static void value(
      ColumnVector source, int sourceRow, FieldVector target, int row, Type type) {
    int at = source.isRepeating ? 0 : sourceRow;
    if (!source.noNulls && source.isNull[at]) {
      target.setNull(row);
      return;
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
        long micros = Math.floorDiv(times.time[at], 1_000L) * 1_000_000L + times.nanos[at] / 1_000;
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
      case LIST -> {
        ListColumnVector list = (ListColumnVector) source;
        ListVector vector = (ListVector) target;
        int offset = (int) list.offsets[at];
        int length = (int) list.lengths[at];
        int start = vector.startNewValue(row);
        room(vector.getDataVector(), start + length);
        for (int k = 0; k < length; k++) {
          value(
              list.child,
              offset + k,
              vector.getDataVector(),
              start + k,
              type.asListType().elementType());
        }
        vector.endValue(row, length);
      }
      case MAP -> {
        MapColumnVector map = (MapColumnVector) source;
        MapVector vector = (MapVector) target;
        StructVector entries = (StructVector) vector.getDataVector();
        int offset = (int) map.offsets[at];
        int length = (int) map.lengths[at];
        int start = vector.startNewValue(row);
        room(entries, start + length);
        for (int k = 0; k < length; k++) {
          entries.setIndexDefined(start + k);
          value(map.keys, offset + k, child(entries, 0), start + k, type.asMapType().keyType());
          value(map.values, offset + k, child(entries, 1), start + k, type.asMapType().valueType());
        }
        vector.endValue(row, length);
      }
      case STRUCT -> {
        StructColumnVector struct = (StructColumnVector) source;
        StructVector vector = (StructVector) target;
        room(vector, row + 1);
        vector.setIndexDefined(row);
        List<Types.NestedField> fields = type.asStructType().fields();
        for (int i = 0; i < fields.size(); i++) {
          value(struct.fields[i], at, child(vector, i), row, fields.get(i).type());
        }
      }
      default -> throw new UnsupportedOperationException("Cannot copy an ORC column of " + type);
    }
  }

  private static FieldVector child(StructVector struct, int ordinal) {
    return (FieldVector) struct.getChildByOrdinal(ordinal);
  }

  // Room for `rows` values in a vector written with set(), and in the vectors nested in it.
  private static void room(FieldVector vector, int rows) {
    if (vector instanceof BaseFixedWidthVector || vector instanceof StructVector) {
      while (vector.getValueCapacity() < rows) {
        vector.reAlloc();
      }
    }
  }

  private static long[] longs(ColumnVector source) {
    return ((LongColumnVector) source).vector;
  }

  @Override
  public void close() {
    FileBatches.close(iterator, batches);
  }
}
