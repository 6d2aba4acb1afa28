package dev.floe.ingest.profile;

import java.util.Arrays;

/**
 * Counts distinct strings given as UTF-8 bytes in a caller's reused buffer, without allocating per
 * value: an open-addressing table of byte copies, one copy per distinct value. Lets the string
 * sketches do their per-value work (theta hash, frequent-items update, min/max compare) once per
 * distinct value instead of once per row. Not thread-safe.
 */
final class Utf8Counts {
  private byte[][] keys = new byte[64][];
  private long[] counts = new long[64];
  private int[] hashes = new int[64];
  private int size;

  /**
   * Counts {@code bytes[0..length)}; returns the stored copy when the value is new since the last
   * {@link #drain}, else null.
   */
  byte[] add(byte[] bytes, int length) {
    int hash = 1;
    for (int i = 0; i < length; i++) {
      hash = 31 * hash + bytes[i];
    }
    hash ^= hash >>> 16;
    int mask = keys.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      byte[] key = keys[slot];
      if (key == null) {
        byte[] copy = Arrays.copyOf(bytes, length);
        keys[slot] = copy;
        counts[slot] = 1;
        hashes[slot] = hash;
        if (++size * 2 > keys.length) {
          grow();
        }
        return copy;
      }
      if (hashes[slot] == hash && Arrays.equals(key, 0, key.length, bytes, 0, length)) {
        counts[slot]++;
        return null;
      }
    }
  }

  int size() {
    return size;
  }

  /** Hands every distinct value and its count to {@code sink}, then forgets them. */
  void drain(CountSink sink) {
    for (int slot = 0; slot < keys.length; slot++) {
      if (keys[slot] != null) {
        sink.accept(keys[slot], counts[slot]);
        keys[slot] = null;
      }
    }
    size = 0;
  }

  /** Receives one distinct value and how often it occurred. */
  interface CountSink {
    void accept(byte[] utf8, long count);
  }

  private void grow() {
    byte[][] oldKeys = keys;
    long[] oldCounts = counts;
    int[] oldHashes = hashes;
    keys = new byte[oldKeys.length * 2][];
    counts = new long[keys.length];
    hashes = new int[keys.length];
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        int slot = oldHashes[i] & mask;
        while (keys[slot] != null) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        counts[slot] = oldCounts[i];
        hashes[slot] = oldHashes[i];
      }
    }
  }
}
