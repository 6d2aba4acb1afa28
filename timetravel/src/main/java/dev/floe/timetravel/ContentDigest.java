package dev.floe.timetravel;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * SHA-256 over a canonical encoding of row values: a type tag per value, then fixed-width
 * big-endian bytes or a length-prefixed payload. The encoding depends only on the values, never on
 * how rows are batched, so two reads of one snapshot give one digest and any changed value gives
 * another. Timestamps are encoded as instants, so a time zone change in the reader cannot move
 * them.
 */
final class ContentDigest {
  private static final byte NULL = 0;
  private static final byte BOOLEAN = 1;
  private static final byte INT = 2;
  private static final byte LONG = 3;
  private static final byte FLOAT = 4;
  private static final byte DOUBLE = 5;
  private static final byte STRING = 6;
  private static final byte BINARY = 7;
  private static final byte DECIMAL = 8;
  private static final byte DATE = 9;
  private static final byte TIME = 10;
  private static final byte TIMESTAMP = 11;
  private static final byte TIMESTAMPTZ = 12;
  private static final byte UUID_TAG = 13;
  private static final byte LIST = 14;
  private static final byte MAP = 15;
  private static final byte STRUCT = 16;

  private final MessageDigest sha = SnapshotFiles.sha256();
  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);

  /** Adds every value of one row, in column order. */
  void update(StructLike row) {
    update(row, row.size());
  }

  /** Adds the first {@code width} values of one row. */
  void update(StructLike row, int width) {
    for (int i = 0; i < width; i++) {
      value(row.get(i, Object.class));
    }
  }

  /**
   * Adds every row of {@code root}, giving exactly the bytes {@link #update(StructLike)} gives for
   * the same values as Iceberg generic records. Primitive columns, and lists, maps and structs of
   * them (the vectorized paths' types); {@code types} are the Iceberg types of the root's columns.
   */
  void update(VectorSchemaRoot root, List<Type> types) {
    List<FieldVector> vectors = root.getFieldVectors();
    int rows = root.getRowCount();
    for (int row = 0; row < rows; row++) {
      for (int col = 0; col < vectors.size(); col++) {
        vector(vectors.get(col), types.get(col), row);
      }
    }
    flush();
  }

  /** Whether {@link #update(VectorSchemaRoot, List)} can digest a column of {@code type}. */
  static boolean digestsVectorsOf(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN,
          INTEGER,
          LONG,
          FLOAT,
          DOUBLE,
          DATE,
          TIME,
          TIMESTAMP,
          UUID,
          STRING,
          BINARY,
          DECIMAL ->
          true;
      case LIST -> {
        Type element = type.asListType().elementType();
        yield element.isPrimitiveType() && digestsVectorsOf(element);
      }
      case STRUCT ->
          type.asStructType().fields().stream().allMatch(f -> digestsVectorsOf(f.type()));
      case MAP -> {
        Types.MapType map = type.asMapType();
        yield map.keyType().isPrimitiveType()
            && map.valueType().isPrimitiveType()
            && digestsVectorsOf(map.keyType())
            && digestsVectorsOf(map.valueType());
      }
      default -> false;
    };
  }

  /** The digest of everything added so far; adding more afterwards is fine. */
  String hex() {
    flush();
    try {
      return HexFormat.of().formatHex(((MessageDigest) sha.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
    }
  }

  // Values go through a buffer: one MessageDigest call per 64 KiB instead of several per value.
  private void vector(FieldVector vector, Type type, int row) {
    if (buffer.remaining() < 64) {
      flush();
    }
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
        fixed(((FixedSizeBinaryVector) vector).get(row));
      }
      case STRING -> variable(STRING, (VarCharVector) vector, row);
      case BINARY -> variable(BINARY, (VarBinaryVector) vector, row);
      case DECIMAL -> value(((DecimalVector) vector).getObject(row));
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
    int start = vector.getStartOffset(row);
    int length = vector.getEndOffset(row) - start;
    buffer.put(tag).putInt(length);
    if (length > buffer.remaining()) {
      flush();
      byte[] bytes = new byte[length];
      vector.getDataBuffer().getBytes(start, bytes);
      sha.update(bytes);
    } else {
      vector.getDataBuffer().getBytes(start, buffer.array(), buffer.position(), length);
      buffer.position(buffer.position() + length);
    }
  }

  private void fixed(byte[] bytes) {
    buffer.put(bytes);
  }

  private void flush() {
    buffer.flip();
    sha.update(buffer);
    buffer.clear();
  }

  private void value(Object value) {
    if (buffer.remaining() < 64) {
      flush();
    }
    if (value == null) {
      buffer.put(NULL);
    } else if (value instanceof Boolean b) {
      buffer.put(BOOLEAN).put(b ? (byte) 1 : (byte) 0);
    } else if (value instanceof Integer i) {
      buffer.put(INT).putInt(i);
    } else if (value instanceof Long l) {
      buffer.put(LONG).putLong(l);
    } else if (value instanceof Float f) {
      buffer.put(FLOAT).putInt(Float.floatToIntBits(f));
    } else if (value instanceof Double d) {
      buffer.put(DOUBLE).putLong(Double.doubleToLongBits(d));
    } else if (value instanceof CharSequence text) {
      bytes(STRING, text.toString().getBytes(StandardCharsets.UTF_8));
    } else if (value instanceof ByteBuffer bytes) {
      ByteBuffer copy = bytes.duplicate();
      byte[] array = new byte[copy.remaining()];
      copy.get(array);
      bytes(BINARY, array);
    } else if (value instanceof byte[] bytes) {
      bytes(BINARY, bytes);
    } else if (value instanceof BigDecimal decimal) {
      buffer.put(DECIMAL).putInt(decimal.scale());
      lengthPrefixed(decimal.unscaledValue().toByteArray());
    } else if (value instanceof LocalDate date) {
      buffer.put(DATE).putLong(date.toEpochDay());
    } else if (value instanceof LocalTime time) {
      buffer.put(TIME).putLong(time.toNanoOfDay());
    } else if (value instanceof LocalDateTime timestamp) {
      buffer
          .put(TIMESTAMP)
          .putLong(timestamp.toEpochSecond(ZoneOffset.UTC))
          .putInt(timestamp.getNano());
    } else if (value instanceof OffsetDateTime timestamp) {
      buffer.put(TIMESTAMPTZ).putLong(timestamp.toEpochSecond()).putInt(timestamp.getNano());
    } else if (value instanceof UUID uuid) {
      buffer
          .put(UUID_TAG)
          .putLong(uuid.getMostSignificantBits())
          .putLong(uuid.getLeastSignificantBits());
    } else if (value instanceof List<?> list) {
      buffer.put(LIST).putInt(list.size());
      list.forEach(this::value);
    } else if (value instanceof Map<?, ?> map) {
      buffer.put(MAP).putInt(map.size());
      map.forEach(
          (k, v) -> {
            value(k);
            value(v);
          });
    } else if (value instanceof StructLike struct) {
      buffer.put(STRUCT).putInt(struct.size());
      update(struct);
    } else {
      throw new UnsupportedOperationException(
          "Cannot digest a value of " + value.getClass().getName());
    }
  }

  private void bytes(byte tag, byte[] bytes) {
    buffer.put(tag);
    lengthPrefixed(bytes);
  }

  private void lengthPrefixed(byte[] bytes) {
    buffer.putInt(bytes.length);
    if (bytes.length > buffer.remaining()) {
      flush();
      sha.update(bytes);
    } else {
      buffer.put(bytes);
    }
  }
}
