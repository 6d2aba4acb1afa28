package dev.floe.lockformat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code floe-digest/1} file digest ({@code docs/digest.md}) computed row by row from plain
 * Java values, for engines that do not hand Arrow vectors (Spark 3.5 ships Arrow 12). Values per
 * {@link DigestField.Kind}: Boolean; a Number for INT and LONG (days, micros or nanos for dates,
 * times and timestamps); Float; Double; BigDecimal; UUID or 16 bytes; byte[] or ByteBuffer for
 * FIXED and BINARY; CharSequence for STRING; a List for a list and for a struct (its field values
 * in order); a Map, iterated in file order, for a map. Not thread-safe: one digest per file.
 */
public final class RowDigest {
  static final String FORMAT = "floe-digest/1";

  private final List<Node> columns = new ArrayList<>();
  private long rows;

  public RowDigest(List<DigestField> fields) {
    fields.forEach(field -> columns.add(new Node(field)));
  }

  /** Adds one row: a value per column, in column order. */
  public void add(List<?> row) {
    if (row.size() != columns.size()) {
      throw new IllegalArgumentException(
          "Cannot digest a row of " + row.size() + " values: expected " + columns.size());
    }
    for (int i = 0; i < row.size(); i++) {
      columns.get(i).add(row.get(i));
    }
    rows++;
  }

  public long rows() {
    return rows;
  }

  /** The 32-byte digest of the rows added; call once. */
  public byte[] finish() {
    MessageDigest sha = Digests.sha256();
    sha.update(FORMAT.getBytes(StandardCharsets.US_ASCII));
    sha.update(Digests.le(rows));
    List<Stream> streams = new ArrayList<>();
    columns.forEach(column -> column.streams(streams));
    for (Stream stream : streams) {
      byte[] digest = stream.finish();
      sha.update(Digests.le(stream.length));
      sha.update(digest);
    }
    return sha.digest();
  }

  /** One field of the tree and its streams: validity (if optional), values or lengths, data. */
  private static final class Node {
    private final DigestField field;
    private final Stream validity;
    private final Stream values = new Stream();
    private final Stream data = new Stream();
    private final List<Node> children = new ArrayList<>();

    Node(DigestField field) {
      this.field = field;
      this.validity = field.optional() ? new Stream() : null;
      field.children().forEach(child -> children.add(new Node(child)));
    }

    void add(Object value) {
      if (validity != null) {
        validity.bit(value != null);
      } else if (value == null) {
        throw new IllegalArgumentException("Cannot digest a null in a required field");
      }
      switch (field.kind()) {
        case BOOLEAN -> values.bit(value != null && (Boolean) value);
        case INT -> values.i32(value == null ? 0 : ((Number) value).intValue());
        case LONG -> values.i64(value == null ? 0 : ((Number) value).longValue());
        case FLOAT -> values.i32(value == null ? 0 : Float.floatToRawIntBits((Float) value));
        case DOUBLE -> values.i64(value == null ? 0 : Double.doubleToRawLongBits((Double) value));
        case DECIMAL -> values.bytes(value == null ? new byte[16] : decimal((BigDecimal) value));
        case UUID -> values.bytes(value == null ? new byte[16] : uuid(value));
        case FIXED -> values.bytes(value == null ? new byte[field.size()] : fixed(value));
        case STRING, BINARY -> {
          byte[] bytes = value == null ? new byte[0] : bytes(value);
          values.i32(bytes.length);
          data.bytes(bytes);
        }
        case LIST -> {
          List<?> list = value == null ? List.of() : (List<?>) value;
          values.i32(list.size());
          list.forEach(children.get(0)::add);
        }
        case MAP -> {
          Map<?, ?> map = value == null ? Map.of() : (Map<?, ?>) value;
          values.i32(map.size());
          for (Map.Entry<?, ?> entry : map.entrySet()) {
            children.get(0).add(entry.getKey());
            children.get(1).add(entry.getValue());
          }
        }
        case STRUCT -> {
          if (value != null) {
            List<?> fields = (List<?>) value;
            for (int i = 0; i < children.size(); i++) {
              children.get(i).add(fields.get(i));
            }
          }
        }
      }
    }

    // Depth first, in the order docs/digest.md lists them.
    void streams(List<Stream> out) {
      if (validity != null) {
        out.add(validity);
      }
      switch (field.kind()) {
        case STRUCT -> {}
        case STRING, BINARY -> {
          out.add(values);
          out.add(data);
        }
        default -> out.add(values);
      }
      children.forEach(child -> child.streams(out));
    }

    private byte[] decimal(BigDecimal value) {
      byte[] big = value.setScale(field.size()).unscaledValue().toByteArray();
      if (big.length > 16) {
        throw new IllegalArgumentException("Cannot digest decimal " + value + ": over 128 bits");
      }
      byte[] little = new byte[16];
      byte sign = (byte) (big[0] < 0 ? -1 : 0);
      for (int i = 0; i < 16; i++) {
        little[i] = i < big.length ? big[big.length - 1 - i] : sign;
      }
      return little;
    }

    private byte[] fixed(Object value) {
      byte[] bytes = bytes(value);
      if (bytes.length != field.size()) {
        throw new IllegalArgumentException(
            "Cannot digest fixed(" + field.size() + ") value of " + bytes.length + " bytes");
      }
      return bytes;
    }

    private static byte[] uuid(Object value) {
      if (value instanceof UUID uuid) {
        return ByteBuffer.allocate(16)
            .putLong(uuid.getMostSignificantBits())
            .putLong(uuid.getLeastSignificantBits())
            .array();
      }
      return bytes(value);
    }

    private static byte[] bytes(Object value) {
      if (value instanceof CharSequence text) {
        return text.toString().getBytes(StandardCharsets.UTF_8);
      } else if (value instanceof byte[] bytes) {
        return bytes;
      } else if (value instanceof ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
      }
      throw new IllegalArgumentException("Cannot digest a " + value.getClass() + " as bytes");
    }
  }

  /** A byte stream hashed as it grows; bits are packed LSB first from bit 0. */
  private static final class Stream {
    private final MessageDigest sha = Digests.sha256();
    private final byte[] buffer = new byte[8192];
    private int buffered;
    private long length;
    private int bits;
    private int pending;

    void bit(boolean set) {
      if (set) {
        pending |= 1 << bits;
      }
      if (++bits == 8) {
        put((byte) pending);
        bits = 0;
        pending = 0;
      }
    }

    void i32(int value) {
      for (int i = 0; i < 4; i++) {
        put((byte) (value >>> (8 * i)));
      }
    }

    void i64(long value) {
      for (int i = 0; i < 8; i++) {
        put((byte) (value >>> (8 * i)));
      }
    }

    void bytes(byte[] bytes) {
      if (bytes.length > buffer.length - buffered) {
        flush();
        sha.update(bytes);
        length += bytes.length;
        return;
      }
      System.arraycopy(bytes, 0, buffer, buffered, bytes.length);
      buffered += bytes.length;
      length += bytes.length;
    }

    private void put(byte value) {
      if (buffered == buffer.length) {
        flush();
      }
      buffer[buffered++] = value;
      length++;
    }

    private void flush() {
      sha.update(buffer, 0, buffered);
      buffered = 0;
    }

    byte[] finish() {
      if (bits > 0) {
        put((byte) pending);
        bits = 0;
      }
      flush();
      return sha.digest();
    }
  }
}
