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
import org.apache.iceberg.StructLike;

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
  private final ByteBuffer scratch = ByteBuffer.allocate(Long.BYTES * 2);

  /** Adds every value of one row, in column order. */
  void update(StructLike row) {
    for (int i = 0; i < row.size(); i++) {
      value(row.get(i, Object.class));
    }
  }

  /** The digest of everything added so far; adding more afterwards is fine. */
  String hex() {
    try {
      return HexFormat.of().formatHex(((MessageDigest) sha.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
    }
  }

  private void value(Object value) {
    if (value == null) {
      sha.update(NULL);
    } else if (value instanceof Boolean b) {
      sha.update(BOOLEAN);
      sha.update(b ? (byte) 1 : (byte) 0);
    } else if (value instanceof Integer i) {
      tagged(INT, scratch.putInt(i));
    } else if (value instanceof Long l) {
      tagged(LONG, scratch.putLong(l));
    } else if (value instanceof Float f) {
      tagged(FLOAT, scratch.putInt(Float.floatToIntBits(f)));
    } else if (value instanceof Double d) {
      tagged(DOUBLE, scratch.putLong(Double.doubleToLongBits(d)));
    } else if (value instanceof CharSequence s) {
      bytes(STRING, s.toString().getBytes(StandardCharsets.UTF_8));
    } else if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      bytes(BINARY, bytes);
    } else if (value instanceof byte[] bytes) {
      bytes(BINARY, bytes);
    } else if (value instanceof BigDecimal decimal) {
      tagged(DECIMAL, scratch.putInt(decimal.scale()));
      lengthPrefixed(decimal.unscaledValue().toByteArray());
    } else if (value instanceof LocalDate date) {
      tagged(DATE, scratch.putLong(date.toEpochDay()));
    } else if (value instanceof LocalTime time) {
      tagged(TIME, scratch.putLong(time.toNanoOfDay()));
    } else if (value instanceof LocalDateTime timestamp) {
      tagged(
          TIMESTAMP,
          scratch.putLong(timestamp.toEpochSecond(ZoneOffset.UTC)).putInt(timestamp.getNano()));
    } else if (value instanceof OffsetDateTime timestamp) {
      tagged(TIMESTAMPTZ, scratch.putLong(timestamp.toEpochSecond()).putInt(timestamp.getNano()));
    } else if (value instanceof UUID uuid) {
      tagged(
          UUID_TAG,
          scratch.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()));
    } else if (value instanceof List<?> list) {
      tagged(LIST, scratch.putInt(list.size()));
      list.forEach(this::value);
    } else if (value instanceof Map<?, ?> map) {
      tagged(MAP, scratch.putInt(map.size()));
      map.forEach(
          (k, v) -> {
            value(k);
            value(v);
          });
    } else if (value instanceof StructLike struct) {
      tagged(STRUCT, scratch.putInt(struct.size()));
      update(struct);
    } else {
      throw new UnsupportedOperationException(
          "Cannot digest a value of " + value.getClass().getName());
    }
  }

  private void tagged(byte tag, ByteBuffer filled) {
    sha.update(tag);
    filled.flip();
    sha.update(filled);
    filled.clear();
  }

  private void bytes(byte tag, byte[] bytes) {
    sha.update(tag);
    lengthPrefixed(bytes);
  }

  private void lengthPrefixed(byte[] bytes) {
    scratch.putInt(bytes.length).flip();
    sha.update(scratch);
    scratch.clear();
    sha.update(bytes);
  }
}
