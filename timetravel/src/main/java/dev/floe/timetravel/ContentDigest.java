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
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Type;

/**
 * The content digest of lock formats 1 to 3, kept so those locks still verify (format 4 digests
 * each file, see {@link FileDigester}). SHA-256 over a canonical encoding of row values: a type tag
 * per value, then fixed-width big-endian bytes or a length-prefixed payload. The encoding depends
 * only on the values, never on how rows are batched, so two reads of one snapshot give one digest
 * and any changed value gives another. Timestamps are encoded as instants, so a time zone change in
 * the reader cannot move them. Arrow batches are encoded by {@link VectorDigest} into the same
 * bytes.
 */
final class ContentDigest {
  static final byte NULL = 0;
  static final byte BOOLEAN = 1;
  static final byte INT = 2;
  static final byte LONG = 3;
  static final byte FLOAT = 4;
  static final byte DOUBLE = 5;
  static final byte STRING = 6;
  static final byte BINARY = 7;
  static final byte DECIMAL = 8;
  static final byte DATE = 9;
  static final byte TIME = 10;
  static final byte TIMESTAMP = 11;
  static final byte TIMESTAMPTZ = 12;
  static final byte UUID_TAG = 13;
  static final byte LIST = 14;
  static final byte MAP = 15;
  static final byte STRUCT = 16;

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
    new VectorDigest(this).update(root, types);
    flush();
  }

  /** Whether {@link #update(VectorSchemaRoot, List)} can digest a column of {@code type}. */
  static boolean digestsVectorsOf(Type type) {
    return VectorDigest.digests(type);
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

  /**
   * The buffer, with room for a value's tag and fixed-width bytes. Values go through it: one
   * MessageDigest call per 64 KiB instead of several per value.
   */
  ByteBuffer room() {
    if (buffer.remaining() < 64) {
      flush();
    }
    return buffer;
  }

  /** Adds a payload too long for the buffer, after what the buffer holds. */
  void large(byte[] bytes) {
    flush();
    sha.update(bytes);
  }

  private void flush() {
    buffer.flip();
    sha.update(buffer);
    buffer.clear();
  }

  void value(Object value) {
    room();
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
      large(bytes);
    } else {
      buffer.put(bytes);
    }
  }
}
