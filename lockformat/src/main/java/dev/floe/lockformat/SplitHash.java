package dev.floe.lockformat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The position of a key in a seeded split, in [0, 1): SHA-256 of the seed and the key's bytes.
 * Floe's {@code Split} and the Spark executors both call this one function, so a row lands in the
 * same part on both engines. JDK only: it runs on Spark's classpath.
 */
public final class SplitHash {
  private SplitHash() {}

  /**
   * The position of non-null {@code key} (a long, int, string, byte array or byte buffer) under
   * {@code seed}; {@code keyColumn} only names the column in the error for any other type.
   */
  public static double position(long seed, String keyColumn, Object key) {
    MessageDigest sha = sha256();
    sha.update(ByteBuffer.allocate(Long.BYTES).putLong(0, seed));
    if (key instanceof Long || key instanceof Integer) {
      // an int key hashes like the same long, so widening the column keeps the split
      sha.update(ByteBuffer.allocate(Long.BYTES).putLong(0, ((Number) key).longValue()));
    } else if (key instanceof CharSequence text) {
      sha.update(text.toString().getBytes(StandardCharsets.UTF_8));
    } else if (key instanceof byte[] bytes) {
      sha.update(bytes);
    } else if (key instanceof ByteBuffer buffer) {
      sha.update(buffer.duplicate());
    } else {
      throw new IllegalArgumentException(
          "Cannot split on column " + keyColumn + ": values of " + key.getClass().getName());
    }
    long hash = ByteBuffer.wrap(sha.digest()).getLong();
    return (hash >>> 11) * 0x1.0p-53; // uniform in [0, 1)
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK has no SHA-256", e);
    }
  }
}
