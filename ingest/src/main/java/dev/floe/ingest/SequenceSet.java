package dev.floe.ingest;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The batch sequences one producer has committed, as sorted disjoint ranges ({@code "0-41,43"}):
 * in-order producers keep one range however many batches they send, and sequences committed out of
 * order (threads sharing a writer) only add a range until the gap fills. Gaps are never closed: a
 * batch that fills one later is appended, not taken for a duplicate. Immutable.
 */
final class SequenceSet {
  static final SequenceSet EMPTY = new SequenceSet(new long[0]);

  /** lo0, hi0, lo1, hi1, ... with hi(i) + 1 < lo(i+1). */
  private final long[] bounds;

  private SequenceSet(long[] bounds) {
    this.bounds = bounds;
  }

  boolean contains(long sequence) {
    for (int i = 0; i < bounds.length; i += 2) {
      if (sequence < bounds[i]) {
        return false;
      }
      if (sequence <= bounds[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** The smallest committed sequence at or after {@code from}, or -1 if none. */
  long ceiling(long from) {
    for (int i = 0; i < bounds.length; i += 2) {
      if (from <= bounds[i + 1]) {
        return Math.max(from, bounds[i]);
      }
    }
    return -1;
  }

  /** The largest committed sequence at or before {@code at}, or -1 if none. */
  long floor(long at) {
    int lo = 0;
    int hi = bounds.length / 2 - 1;
    long found = -1;
    while (lo <= hi) { // the last range starting at or before `at`
      int mid = (lo + hi) >>> 1;
      if (bounds[2 * mid] <= at) {
        found = Math.min(at, bounds[2 * mid + 1]);
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  boolean isEmpty() {
    return bounds.length == 0;
  }

  /** The highest committed sequence, or -1. */
  long max() {
    return bounds.length == 0 ? -1 : bounds[bounds.length - 1];
  }

  int ranges() {
    return bounds.length / 2;
  }

  SequenceSet with(long sequence) {
    return union(new SequenceSet(new long[] {sequence, sequence}));
  }

  /** This set plus {@code other}; only touching or overlapping ranges merge. */
  SequenceSet union(SequenceSet other) {
    List<long[]> all = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < bounds.length || j < other.bounds.length) {
      boolean mine =
          j >= other.bounds.length || (i < bounds.length && bounds[i] <= other.bounds[j]);
      long lo = mine ? bounds[i] : other.bounds[j];
      long hi = mine ? bounds[i + 1] : other.bounds[j + 1];
      if (mine) {
        i += 2;
      } else {
        j += 2;
      }
      long[] last = all.isEmpty() ? null : all.get(all.size() - 1);
      if (last != null && lo <= last[1] + 1) {
        last[1] = Math.max(last[1], hi);
      } else {
        all.add(new long[] {lo, hi});
      }
    }
    long[] merged = new long[all.size() * 2];
    for (int k = 0; k < all.size(); k++) {
      merged[2 * k] = all.get(k)[0];
      merged[2 * k + 1] = all.get(k)[1];
    }
    return new SequenceSet(merged);
  }

  /** The sequences of this set that {@code other} lacks (what a later ledger added). */
  SequenceSet minus(SequenceSet other) {
    List<long[]> kept = new ArrayList<>();
    for (int i = 0; i < bounds.length; i += 2) {
      long lo = bounds[i];
      long hi = bounds[i + 1];
      for (int j = 0; j < other.bounds.length && lo <= hi; j += 2) {
        if (other.bounds[j + 1] < lo || other.bounds[j] > hi) {
          continue;
        }
        if (other.bounds[j] > lo) {
          kept.add(new long[] {lo, other.bounds[j] - 1});
        }
        lo = other.bounds[j + 1] + 1;
      }
      if (lo <= hi) {
        kept.add(new long[] {lo, hi});
      }
    }
    long[] left = new long[kept.size() * 2];
    for (int k = 0; k < kept.size(); k++) {
      left[2 * k] = kept.get(k)[0];
      left[2 * k + 1] = kept.get(k)[1];
    }
    return left.length == 0 ? EMPTY : new SequenceSet(left);
  }

  /** Parses {@link #toString()}; null for text Floe did not write. */
  static SequenceSet parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String[] parts = text.split(",");
    long[] parsed = new long[parts.length * 2];
    try {
      for (int k = 0; k < parts.length; k++) {
        String part = parts[k].trim();
        int dash = part.indexOf('-', 1);
        parsed[2 * k] = Long.parseLong(dash < 0 ? part : part.substring(0, dash));
        parsed[2 * k + 1] = dash < 0 ? parsed[2 * k] : Long.parseLong(part.substring(dash + 1));
      }
    } catch (NumberFormatException e) {
      return null;
    }
    SequenceSet set = EMPTY;
    for (int k = 0; k < parsed.length; k += 2) {
      set = set.union(new SequenceSet(new long[] {parsed[k], parsed[k + 1]}));
    }
    return set;
  }

  /** Writes the ranges: their count, then each range's bounds. */
  void writeTo(DataOutput out) throws IOException {
    out.writeInt(ranges());
    for (long bound : bounds) {
      out.writeLong(bound);
    }
  }

  /** Reads what {@link #writeTo} wrote; the ranges are checked to be sorted and disjoint. */
  static SequenceSet readFrom(DataInput in) throws IOException {
    int ranges = in.readInt();
    if (ranges < 0) {
      throw new IOException("Invalid range count: " + ranges);
    }
    long[] read = new long[ranges * 2];
    for (int k = 0; k < read.length; k++) {
      read[k] = in.readLong();
    }
    for (int k = 0; k < read.length; k += 2) {
      if (read[k] > read[k + 1] || (k > 0 && read[k - 1] + 1 >= read[k])) {
        throw new IOException("Invalid ranges: not sorted and disjoint at range " + k / 2);
      }
    }
    return ranges == 0 ? EMPTY : new SequenceSet(read);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SequenceSet set && Arrays.equals(bounds, set.bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < bounds.length; i += 2) {
      if (i > 0) {
        text.append(',');
      }
      text.append(bounds[i]);
      if (bounds[i + 1] != bounds[i]) {
        text.append('-').append(bounds[i + 1]);
      }
    }
    return text.toString();
  }
}
