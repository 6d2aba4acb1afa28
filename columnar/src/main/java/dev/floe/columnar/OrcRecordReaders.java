package dev.floe.columnar;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.orc.GenericOrcReaders;
import org.apache.iceberg.orc.OrcRowReader;
import org.apache.iceberg.orc.OrcSchemaWithTypeVisitor;
import org.apache.iceberg.orc.OrcValueReader;
import org.apache.iceberg.orc.OrcValueReaders;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.orc.TypeDescription;
import org.apache.orc.storage.ql.exec.vector.ColumnVector;
import org.apache.orc.storage.ql.exec.vector.MapColumnVector;
import org.apache.orc.storage.ql.exec.vector.StructColumnVector;
import org.apache.orc.storage.ql.exec.vector.VectorizedRowBatch;

/**
 * Generic records from ORC column vectors, as Iceberg's {@code GenericOrcReader} builds them, but
 * with every map's entries in file order. Iceberg 1.11 collects a map into a {@code HashMap}, so
 * its entries come out in hash order, while Floe's vectorized ORC path, the Parquet readers, the
 * Python client and {@code docs/digest.md} all take them in file order: with Iceberg's reader the
 * row path's content digest of a map of two or more entries would not be the vectorized path's.
 *
 * <p>Every other value is read by Iceberg's own public readers ({@link GenericOrcReaders}, {@link
 * OrcValueReaders}), so records, row positions and metadata columns are exactly Iceberg's.
 */
final class OrcRecordReaders extends OrcSchemaWithTypeVisitor<OrcValueReader<?>> {
  private final Map<Integer, ?> constants;

  private OrcRecordReaders(Map<Integer, ?> constants) {
    this.constants = constants;
  }

  /** A row reader of {@code expected} over a file whose (projected) ORC schema is {@code file}. */
  static OrcRowReader<Record> rows(
      Schema expected, TypeDescription file, Map<Integer, ?> constants) {
    OrcValueReader<?> root = visit(expected, file, new OrcRecordReaders(constants));
    return new OrcRowReader<>() {
      @Override
      public Record read(VectorizedRowBatch batch, int row) {
        return (Record) root.read(new StructColumnVector(batch.size, batch.cols), row);
      }

      @Override
      public void setBatchContext(long batchOffsetInFile) {
        root.setBatchContext(batchOffsetInFile); // row positions (_pos) count from it
      }
    };
  }

  @Override
  public OrcValueReader<?> record(
      Types.StructType expected,
      TypeDescription record,
      List<String> names,
      List<OrcValueReader<?>> fields) {
    return GenericOrcReaders.struct(record, fields, expected, constants);
  }

  @Override
  public OrcValueReader<?> list(
      Types.ListType expected, TypeDescription array, OrcValueReader<?> element) {
    return GenericOrcReaders.array(element);
  }

  @Override
  public OrcValueReader<?> map(
      Types.MapType expected, TypeDescription map, OrcValueReader<?> key, OrcValueReader<?> value) {
    return new InOrderMap(key, value);
  }

  @Override
  public OrcValueReader<?> variant(
      Types.VariantType expected,
      TypeDescription variant,
      OrcValueReader<?> metadata,
      OrcValueReader<?> value) {
    return GenericOrcReaders.variants();
  }

  @Override
  public OrcValueReader<?> primitive(Type.PrimitiveType expected, TypeDescription primitive) {
    if (expected == null) {
      return null; // a file column the projection does not ask for
    }
    switch (primitive.getCategory()) {
      case BOOLEAN:
        return OrcValueReaders.booleans();
      case BYTE:
      case SHORT:
      case INT:
        return OrcValueReaders.ints(); // Iceberg has no byte or short: both read as int
      case LONG:
        if (expected.typeId() == Type.TypeID.TIME) {
          return GenericOrcReaders.times();
        }
        return expected.typeId() == Type.TypeID.LONG
            ? OrcValueReaders.longs()
            : mismatch(expected, primitive);
      case FLOAT:
        return OrcValueReaders.floats();
      case DOUBLE:
        return OrcValueReaders.doubles();
      case DATE:
        return GenericOrcReaders.dates();
      case TIMESTAMP:
        return GenericOrcReaders.timestamps();
      case TIMESTAMP_INSTANT:
        return GenericOrcReaders.timestampTzs();
      case DECIMAL:
        return GenericOrcReaders.decimals();
      case CHAR:
      case VARCHAR:
      case STRING:
        return GenericOrcReaders.strings();
      case BINARY:
        switch (expected.typeId()) {
          case UUID:
            return GenericOrcReaders.uuids();
          case FIXED:
            return OrcValueReaders.bytes();
          case BINARY:
            return GenericOrcReaders.bytes();
          default:
            return mismatch(expected, primitive);
        }
      default:
        throw new IllegalArgumentException(
            "Cannot read ORC column of type " + primitive + " as " + expected);
    }
  }

  private static OrcValueReader<?> mismatch(Type expected, TypeDescription primitive) {
    throw new IllegalStateException(
        String.format("Cannot read ORC column of type %s as Iceberg type %s", primitive, expected));
  }

  /** A map whose entries keep the order the file holds them in. */
  private static final class InOrderMap implements OrcValueReader<Map<?, ?>> {
    private final OrcValueReader<?> keys;
    private final OrcValueReader<?> values;

    private InOrderMap(OrcValueReader<?> keys, OrcValueReader<?> values) {
      this.keys = keys;
      this.values = values;
    }

    @Override
    public Map<?, ?> nonNullRead(ColumnVector vector, int row) {
      MapColumnVector map = (MapColumnVector) vector;
      int first = (int) map.offsets[row];
      int size = (int) map.lengths[row];
      Map<Object, Object> entries = new LinkedHashMap<>(size * 4 / 3 + 1);
      for (int i = first; i < first + size; i++) {
        entries.put(keys.read(map.keys, i), values.read(map.values, i));
      }
      return entries;
    }

    @Override
    public void setBatchContext(long batchOffsetInFile) {
      keys.setBatchContext(batchOffsetInFile);
      values.setBatchContext(batchOffsetInFile);
    }
  }
}
