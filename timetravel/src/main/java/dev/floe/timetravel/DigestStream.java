package dev.floe.timetravel;

import java.security.MessageDigest;
import org.apache.arrow.memory.ArrowBuf;

/**
 * One byte stream of a {@link FileDigester}: its SHA-256 and its length. Bits are packed LSB first
 * from the stream's bit 0, whatever bit of a buffer they came from, so batch boundaries do not
 * show.
 */
final class DigestStream {
  private final MessageDigest sha = SnapshotFiles.sha256();
  // Small writes (bits, lengths) gather here: one MessageDigest call per buffer, not per byte.
  private final byte[] buffer = new byte[8192];
  private int used;
  private long length;
  private int pending; // bits not yet a whole byte, in the low bits
  private int pendingBits;

  void bytes(ArrowBuf buf, long offset, long count) {
    if (count > 0) {
      flush();
      sha.update(buf.nioBuffer(offset, (int) count));
      length += count;
    }
  }

  void bytes(byte[] bytes, int count) {
    flush();
    sha.update(bytes, 0, count);
    length += count;
  }

  /** Appends {@code count} bits of {@code buf} from bit {@code start} (LSB-first order). */
  void bits(ArrowBuf buf, long start, int count) {
    if (pendingBits == 0 && (start & 7) == 0) {
      int whole = count >>> 3;
      bytes(buf, start >>> 3, whole);
      int rest = count & 7;
      if (rest > 0) {
        bits(buf.getByte((start >>> 3) + whole) & 0xff, rest);
      }
      return;
    }
    for (int done = 0; done < count; done += 8) {
      long bit = start + done;
      long at = bit >>> 3;
      int shift = (int) (bit & 7);
      int value = (buf.getByte(at) & 0xff) >>> shift;
      int n = Math.min(8, count - done);
      if (shift + n > 8) {
        value |= (buf.getByte(at + 1) & 0xff) << (8 - shift);
      }
      bits(value, n);
    }
  }

  /** Appends {@code count} one bits: the validity of slots without nulls. */
  void ones(int count) {
    int done = 0;
    if (pendingBits == 0) {
      for (; done + 8 <= count; done += 8) {
        put((byte) 0xff);
      }
    }
    for (; done < count; done += 8) {
      bits(0xff, Math.min(8, count - done));
    }
  }

  /** Appends the low {@code n} (at most 8) bits of {@code value}. */
  void bits(int value, int n) {
    pending |= (value & ((1 << n) - 1)) << pendingBits;
    pendingBits += n;
    if (pendingBits >= 8) {
      put((byte) pending);
      pending >>>= 8;
      pendingBits -= 8;
    }
  }

  private void put(byte b) {
    if (used == buffer.length) {
      flush();
    }
    buffer[used++] = b;
    length++;
  }

  private void flush() {
    if (used > 0) {
      sha.update(buffer, 0, used);
      used = 0;
    }
  }

  long length() {
    return length;
  }

  /** The stream's SHA-256; pads the last bits to a byte. Call once, last. */
  byte[] finish() {
    if (pendingBits > 0) {
      put((byte) pending);
      pendingBits = 0;
    }
    flush();
    return sha.digest();
  }

  // From the validity bits of the range itself: a vector's null count covers its value count,
  // which a writer of nested vectors may not have set yet.
  static boolean hasNulls(ArrowBuf validity, int start, int count) {
    int i = start;
    int end = start + count;
    for (; i < end && (i & 7) != 0; i++) {
      if ((validity.getByte(i >>> 3) & (1 << (i & 7))) == 0) {
        return true;
      }
    }
    for (; i + 64 <= end; i += 64) {
      if (validity.getLong(i >>> 3) != -1L) {
        return true;
      }
    }
    for (; i + 8 <= end; i += 8) {
      if (validity.getByte(i >>> 3) != (byte) 0xff) {
        return true;
      }
    }
    for (; i < end; i++) {
      if ((validity.getByte(i >>> 3) & (1 << (i & 7))) == 0) {
        return true;
      }
    }
    return false;
  }
}
