package dev.floe.ingest;

import java.util.regex.Pattern;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Batch sequences that name rows of one input: {@code start << 31 | count} is rows {@code [start,
 * start + count)}. {@code floe ingest} keys a file as the producer {@code <prefix>:sha256:<hex of
 * its bytes>} and each batch by its rows, so that runs at different batch sizes agree on what is
 * committed. Exact sequences alone cannot tell that rows 0-49 and rows 0-99 overlap: for such
 * producers the writer also refuses, at every commit attempt, a batch whose rows overlap rows
 * committed as another batch, so two runs racing on the same bytes with different boundaries never
 * both land a row. The one that loses stops with that error; a re-run resumes after what is
 * committed.
 */
public final class RowRanges {
  private static final int COUNT_BITS = 31;
  private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

  /** The most rows of one input: start and end fit the sequence. */
  public static final long MAX_ROWS = 1L << 32;

  private static final String MARK = ":sha256:";
  // Keys of earlier Floe versions: batch n at N rows a batch, sequences are batch indexes.
  private static final Pattern BATCH_INDEXES = Pattern.compile(":sha256:[0-9a-f]+:\\d+$");

  private RowRanges() {}

  /** The sequence of rows {@code [start, start + count)}. */
  public static long sequence(long start, int count) {
    Preconditions.checkArgument(
        start >= 0 && count >= 0 && start + count <= MAX_ROWS,
        "Cannot key rows %s-%s: an input holds at most %s rows",
        start,
        start + count,
        MAX_ROWS);
    return start << COUNT_BITS | count;
  }

  /** The first row of {@code sequence}. */
  public static long start(long sequence) {
    return sequence >>> COUNT_BITS;
  }

  /** The row after the last of {@code sequence}. */
  public static long end(long sequence) {
    return start(sequence) + (sequence & COUNT_MASK);
  }

  /** Whether {@code producer}'s sequences are row ranges: a {@code <prefix>:sha256:<hex>} key. */
  public static boolean keyed(String producer) {
    return producer.contains(MARK) && !BATCH_INDEXES.matcher(producer).find();
  }

  /**
   * Refuses {@code sequence} of {@code producer} when its rows overlap rows {@code committed} holds
   * as another sequence; an exact match is a duplicate, for the caller to skip.
   */
  static void checkOverlap(String producer, long sequence, SequenceSet committed) {
    if (!keyed(producer) || committed.isEmpty() || committed.contains(sequence)) {
      return;
    }
    long start = start(sequence);
    long end = end(sequence);
    long before = start == 0 ? -1 : committed.floor((start << COUNT_BITS) - 1);
    long from = committed.ceiling(start << COUNT_BITS);
    long clash = before >= 0 && end(before) > start ? before : -1;
    clash = clash < 0 && from >= 0 && start(from) < end ? from : clash;
    if (clash >= 0) {
      throw new ValidationException(
          "Cannot commit rows %s-%s of %s: rows %s-%s were committed meanwhile as another batch"
              + " (another ingest of the same bytes with other batch boundaries, e.g. another"
              + " --batch-rows); nothing of this batch is committed, and a re-run appends only"
              + " the rows still missing",
          start + 1, end, producer, start(clash) + 1, end(clash));
    }
  }
}
