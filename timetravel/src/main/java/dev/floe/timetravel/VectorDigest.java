package dev.floe.timetravel;

import static dev.floe.timetravel.ContentDigest.BINARY;
import static dev.floe.timetravel.ContentDigest.BOOLEAN;
import static dev.floe.timetravel.ContentDigest.DATE;
import static dev.floe.timetravel.ContentDigest.DOUBLE;
import static dev.floe.timetravel.ContentDigest.FLOAT;
import static dev.floe.timetravel.ContentDigest.INT;
import static dev.floe.timetravel.ContentDigest.LIST;
import static dev.floe.timetravel.ContentDigest.LONG;
import static dev.floe.timetravel.ContentDigest.MAP;
import static dev.floe.timetravel.ContentDigest.NULL;
import static dev.floe.timetravel.ContentDigest.STRING;
import static dev.floe.timetravel.ContentDigest.STRUCT;
import static dev.floe.timetravel.ContentDigest.TIME;
import static dev.floe.timetravel.ContentDigest.TIMESTAMP;
import static dev.floe.timetravel.ContentDigest.TIMESTAMPTZ;
import static dev.floe.timetravel.ContentDigest.UUID_TAG;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.relocated.com.google.common.collect.Sets;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Type.TypeID;
import org.apache.iceberg.types.Types;

/**
 * The vectorized half of {@link ContentDigest}: encodes Arrow vectors straight from their buffers
 * into the same bytes {@link ContentDigest#update(org.apache.iceberg.StructLike)} gives for the
 * same values as Iceberg records, so the Arrow read paths need not build a record per row to be
 * checked. Primitive columns, and lists, maps and structs of them.
 */
final class VectorDigest {
  // Primitive types with a byte form here; the row path writes these and more (nanosecond
  // timestamps, fixed), which are digested from records instead.
  private static final Set<TypeID> PRIMITIVES =
      Sets.immutableEnumSet(
          TypeID.BOOLEAN,
          TypeID.INTEGER,
          TypeID.LONG,
          TypeID.FLOAT,
          TypeID.DOUBLE,
          TypeID.DATE,
          TypeID.TIME,
          TypeID.TIMESTAMP,
          TypeID.UUID,
          TypeID.STRING,
          TypeID.BINARY,
          TypeID.DECIMAL);

  private final ContentDigest digest;

  VectorDigest(ContentDigest digest) {
    this.digest = digest;
  }

  /** Whether {@link #update} can digest a column of {@code type}. */
  static boolean digests(Type type) {
    return switch (type.typeId()) {
      case LIST -> {
        Type element = type.asListType().elementType();
        yield element.isPrimitiveType() && digests(element);
      }
      case STRUCT -> type.asStructType().fields().stream().allMatch(f -> digests(f.type()));
      case MAP -> {
        Types.MapType map = type.asMapType();
        yield map.keyType().isPrimitiveType()
            && map.valueType().isPrimitiveType()
            && digests(map.keyType())
            && digests(map.valueType());
      }
      default -> PRIMITIVES.contains(type.typeId());
    };
  }

  /** Adds every row of {@code root}; {@code types} are the Iceberg types of its columns. */
  void update(VectorSchemaRoot root, List<Type> types) {
    List<FieldVector> vectors = root.getFieldVectors();
    int rows = root.getRowCount();
    for (int row = 0; row < rows; row++) {
      for (int col = 0; col < vectors.size(); col++) {
        vector(vectors.get(col), types.get(col), row);
      }
    }
  }

  private void vector(FieldVector vector, Type type, int row) {
    ByteBuffer buffer = digest.room();
    if (vector.isNull(row)) {
      buffer.put(NULL);
      return;
    }
    switch (type.typeId()) {
      case BOOLEAN -> buffer.put(BOOLEAN).put((byte) ((BitVector) vector).get(row));
      case INTEGER -> buffer.put(INT).putInt(((IntVector) vector).get(row));
      case LONG -> buffer.put(LONG).putLong(((BigIntVector) vector).get(row));
      case FLOAT ->
          buffer.put(FLOAT).putInt(Float.floatToIntBits(((Float4Vector) vector).get(row)));
      case DOUBLE ->
          buffer.put(DOUBLE).putLong(Double.doubleToLongBits(((Float8Vector) vector).get(row)));
      case DATE -> buffer.put(DATE).putLong(((DateDayVector) vector).get(row));
      case TIME -> buffer.put(TIME).putLong(((TimeMicroVector) vector).get(row) * 1000);
      case TIMESTAMP -> {
        long micros = ((TimeStampVector) vector).get(row);
        boolean zoned = ((Types.TimestampType) type).shouldAdjustToUTC();
        buffer.put(zoned ? TIMESTAMPTZ : TIMESTAMP);
        buffer.putLong(Math.floorDiv(micros, 1_000_000L));
        buffer.putInt((int) Math.floorMod(micros, 1_000_000L) * 1000);
      }
      case UUID -> {
        buffer.put(UUID_TAG);
        buffer.put(((FixedSizeBinaryVector) vector).get(row));
      }
      case STRING -> variable(STRING, (VarCharVector) vector, row);
      case BINARY -> variable(BINARY, (VarBinaryVector) vector, row);
      case DECIMAL -> digest.value(((DecimalVector) vector).getObject(row));
      case LIST -> {
        ListVector list = (ListVector) vector;
        int start = list.getElementStartIndex(row);
        int end = list.getElementEndIndex(row);
        buffer.put(LIST).putInt(end - start);
        Type element = type.asListType().elementType();
        for (int i = start; i < end; i++) {
          vector(list.getDataVector(), element, i);
        }
      }
      case MAP -> {
        MapVector map = (MapVector) vector;
        StructVector entries = (StructVector) map.getDataVector();
        int start = map.getElementStartIndex(row);
        int end = map.getElementEndIndex(row);
        buffer.put(MAP).putInt(end - start);
        Types.MapType mapType = type.asMapType();
        for (int i = start; i < end; i++) {
          vector((FieldVector) entries.getChildByOrdinal(0), mapType.keyType(), i);
          vector((FieldVector) entries.getChildByOrdinal(1), mapType.valueType(), i);
        }
      }
      case STRUCT -> {
        StructVector struct = (StructVector) vector;
        List<Types.NestedField> fields = type.asStructType().fields();
        buffer.put(STRUCT).putInt(fields.size());
        for (int i = 0; i < fields.size(); i++) {
          vector((FieldVector) struct.getChildByOrdinal(i), fields.get(i).type(), row);
        }
      }
      default ->
          throw new UnsupportedOperationException("Cannot digest an Arrow vector of " + type);
    }
  }

  private void variable(byte tag, BaseVariableWidthVector vector, int row) {
    ByteBuffer buffer = digest.room();
    int start = vector.getStartOffset(row);
    int length = vector.getEndOffset(row) - start;
    buffer.put(tag).putInt(length);
    if (length > buffer.remaining()) {
      byte[] bytes = new byte[length];
      vector.getDataBuffer().getBytes(start, bytes);
      digest.large(bytes);
    } else {
      vector.getDataBuffer().getBytes(start, buffer.array(), buffer.position(), length);
      buffer.position(buffer.position() + length);
    }
  }
}
