package dev.floe.timetravel;

import dev.floe.columnar.ArrowLayout;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.relocated.com.google.common.collect.Sets;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Type.TypeID;
import org.apache.iceberg.types.Types;

/**
 * Copies Iceberg generic values into Arrow vectors. A writer is built once per column from the
 * Iceberg type, so an unsupported type fails before any row is read, naming its column.
 */
final class ArrowWriters {
  /**
   * Primitive types both {@link #of} writes and {@link VectorDigest} digests from a vector: one
   * list, so a type added to one side is a decision about the other.
   */
  static final Set<TypeID> PRIMITIVES =
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

  // Written too, but digested from records (so without read-ahead): VectorDigest has no byte form
  // for them.
  private static final Set<TypeID> WRITTEN =
      Sets.union(PRIMITIVES, Sets.immutableEnumSet(TypeID.TIMESTAMP_NANO, TypeID.FIXED))
          .immutableCopy();

  private ArrowWriters() {}

  /** Writes one value (possibly null) at a row index; grows the vector as needed. */
  interface ValueWriter {
    void write(int index, Object value);
  }

  /** Throws, naming the column, unless {@link #of} can write this type; runs before allocating. */
  static void check(Type type, String column) {
    switch (type.typeId()) {
      case LIST -> check(type.asListType().elementType(), column + ".element");
      case MAP -> {
        check(type.asMapType().keyType(), column + ".key");
        check(type.asMapType().valueType(), column + ".value");
      }
      case STRUCT ->
          type.asStructType().fields().forEach(f -> check(f.type(), column + "." + f.name()));
      default -> {
        if (!WRITTEN.contains(type.typeId())) {
          throw unsupported(type, column);
        }
      }
    }
  }

  static ValueWriter of(FieldVector vector, Type type, String column) {
    ValueWriter nonNull =
        switch (type.typeId()) {
          case BOOLEAN -> (i, v) -> ((BitVector) vector).setSafe(i, (Boolean) v ? 1 : 0);
          case INTEGER -> (i, v) -> ((IntVector) vector).setSafe(i, (Integer) v);
          case LONG -> (i, v) -> ((BigIntVector) vector).setSafe(i, (Long) v);
          case FLOAT -> (i, v) -> ((Float4Vector) vector).setSafe(i, (Float) v);
          case DOUBLE -> (i, v) -> ((Float8Vector) vector).setSafe(i, (Double) v);
          case DATE ->
              (i, v) -> ((DateDayVector) vector).setSafe(i, (int) ((LocalDate) v).toEpochDay());
          case TIME ->
              (i, v) -> ((TimeMicroVector) vector).setSafe(i, ((LocalTime) v).toNanoOfDay() / 1000);
          case TIMESTAMP -> (i, v) -> ((TimeStampVector) vector).setSafe(i, epoch(v, 1_000));
          case TIMESTAMP_NANO -> (i, v) -> ((TimeStampVector) vector).setSafe(i, epoch(v, 1));
          case STRING ->
              (i, v) ->
                  ((VarCharVector) vector)
                      .setSafe(i, v.toString().getBytes(StandardCharsets.UTF_8));
          case BINARY -> (i, v) -> binary((VarBinaryVector) vector, i, v);
          case FIXED -> (i, v) -> ((FixedSizeBinaryVector) vector).setSafe(i, (byte[]) v);
          case UUID -> (i, v) -> ((FixedSizeBinaryVector) vector).setSafe(i, uuid((UUID) v));
          case DECIMAL -> (i, v) -> ((DecimalVector) vector).setSafe(i, (BigDecimal) v);
          case LIST -> list((ListVector) vector, type.asListType(), column);
          case MAP -> map((MapVector) vector, type.asMapType(), column);
          case STRUCT -> struct((StructVector) vector, type.asStructType(), column);
          default -> throw unsupported(type, column);
        };
    return (index, value) -> {
      if (value == null) {
        setNull(vector, index);
      } else {
        nonNull.write(index, value);
      }
    };
  }

  /** The Arrow layout of {@code schema}: {@link ArrowLayout#of}. */
  static org.apache.arrow.vector.types.pojo.Schema arrowSchema(org.apache.iceberg.Schema schema) {
    return ArrowLayout.of(schema);
  }

  private static ValueWriter list(ListVector vector, Types.ListType type, String column) {
    if (vector.getDataVector() instanceof Float4Vector floats) {
      return (index, value) -> embedding(vector, floats, index, (List<?>) value);
    }
    ValueWriter element =
        of(vector.getDataVector(), type.elementType(), column + "." + type.fields().get(0).name());
    return (index, value) -> {
      List<?> values = (List<?>) value;
      int offset = vector.startNewValue(index);
      for (int k = 0; k < values.size(); k++) {
        element.write(offset + k, values.get(k));
      }
      vector.endValue(index, values.size());
    };
  }

  // Embeddings: room for the whole list at once instead of a capacity check per element.
  private static void embedding(ListVector vector, Float4Vector floats, int index, List<?> values) {
    int offset = vector.startNewValue(index);
    int end = offset + values.size();
    while (floats.getValueCapacity() < end) {
      floats.reAlloc();
    }
    for (int k = 0; k < values.size(); k++) {
      Object element = values.get(k);
      if (element == null) {
        floats.setNull(offset + k);
      } else {
        floats.set(offset + k, (Float) element);
      }
    }
    vector.endValue(index, values.size());
  }

  // A map is a list of key/value structs; entries keep the order the reader returned them in.
  private static ValueWriter map(MapVector vector, Types.MapType type, String column) {
    StructVector entries = (StructVector) vector.getDataVector();
    List<FieldVector> children = entries.getChildrenFromFields();
    ValueWriter key = of(children.get(0), type.keyType(), column + ".key");
    ValueWriter value = of(children.get(1), type.valueType(), column + ".value");
    return (index, map) -> {
      int offset = vector.startNewValue(index);
      int k = 0;
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) map).entrySet()) {
        entries.setIndexDefined(offset + k);
        key.write(offset + k, entry.getKey());
        value.write(offset + k, entry.getValue());
        k++;
      }
      vector.endValue(index, k);
    };
  }

  private static ValueWriter struct(StructVector vector, Types.StructType type, String column) {
    List<ValueWriter> children = new ArrayList<>();
    List<FieldVector> vectors = vector.getChildrenFromFields();
    for (int k = 0; k < type.fields().size(); k++) {
      Types.NestedField field = type.fields().get(k);
      children.add(of(vectors.get(k), field.type(), column + "." + field.name()));
    }
    return (index, value) -> {
      StructLike struct = (StructLike) value;
      vector.setIndexDefined(index);
      for (int k = 0; k < children.size(); k++) {
        children.get(k).write(index, struct.get(k, Object.class));
      }
    };
  }

  // A null struct nulls its children too, so each child vector covers every row of the batch.
  private static void setNull(FieldVector vector, int index) {
    vector.setNull(index);
    if (vector instanceof StructVector struct) {
      struct.getChildrenFromFields().forEach(child -> setNull(child, index));
    }
  }

  private static long epoch(Object value, long nanosPerUnit) {
    long seconds;
    int nanos;
    if (value instanceof OffsetDateTime timestamp) {
      seconds = timestamp.toEpochSecond();
      nanos = timestamp.getNano();
    } else {
      LocalDateTime timestamp = (LocalDateTime) value;
      seconds = timestamp.toEpochSecond(ZoneOffset.UTC);
      nanos = timestamp.getNano();
    }
    return Math.addExact(
        Math.multiplyExact(seconds, 1_000_000_000L / nanosPerUnit), nanos / nanosPerUnit);
  }

  private static void binary(VarBinaryVector vector, int index, Object value) {
    if (value instanceof byte[] bytes) {
      vector.setSafe(index, bytes);
    } else {
      // A duplicate: Arrow's copy moves the position, and the digest reads the value after this.
      ByteBuffer buffer = ((ByteBuffer) value).duplicate();
      vector.setSafe(index, buffer, buffer.position(), buffer.remaining());
    }
  }

  private static byte[] uuid(UUID uuid) {
    return ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }

  private static UnsupportedOperationException unsupported(Type type, String column) {
    return new UnsupportedOperationException(
        String.format(
            "Cannot read column %s into Arrow: type %s is not supported yet", column, type));
  }
}
