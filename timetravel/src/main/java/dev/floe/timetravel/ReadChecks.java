package dev.floe.timetravel;

import dev.floe.catalog.Floe;
import dev.floe.catalog.events.FloeEvent;
import dev.floe.catalog.exceptions.LockVerificationException;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The checks of one rehydration read against its lock, and the one event listeners hear of it
 * (lineage, metrics). A read tells of itself exactly once, passed or failed, whichever comes first:
 *
 * <ul>
 *   <li>{@link #read}: the read finished; its digest and row count are checked, and told either
 *       way;
 *   <li>{@link #threw}: a check failed while the rows were read (a data file or a shard's unit
 *       whose digest differs, checked before any of its rows is handed out);
 *   <li>{@link #pass}: a verification pass over every file of the lock, made before a read that
 *       cannot hold batches back file by file (a part, a shuffle, an export): only its failure is
 *       told, since the read after it tells of the rehydration.
 * </ul>
 */
final class ReadChecks {
  private final Floe floe;
  private final TrainingLock lock;
  private final Split.Part part;
  private final FloeEvent.ShardInfo shard;
  private final String expectedDigest;
  private final boolean verified;
  private final long files;
  private final long started = System.nanoTime();
  private final AtomicBoolean told = new AtomicBoolean();

  /**
   * The checks of a read of {@code part} (null: all rows) or of {@code shard} (null: not a shard)
   * from {@code files} data files, which should read to {@code expectedDigest} (null: none, or
   * checked file by file or unit by unit); {@code verified} says whether the values are checked.
   */
  ReadChecks(
      Floe floe,
      TrainingLock lock,
      Split.Part part,
      FloeEvent.ShardInfo shard,
      String expectedDigest,
      boolean verified,
      long files) {
    this.floe = floe;
    this.lock = lock;
    this.part = part;
    this.shard = shard;
    this.expectedDigest = expectedDigest;
    this.verified = verified;
    this.files = files;
  }

  /**
   * Checks a finished read: its {@code digest} (null: already verified file by file) and, for a
   * read of all rows, its row count; tells listeners, passed or failed.
   */
  void read(String digest, long rows) {
    boolean ok = false;
    try {
      checkDigest(expectedDigest, digest);
      // The lock counts all rows; a part's or a shard's count is not recorded.
      if (part == null && shard == null && lock.rows() != null && lock.rows() != rows) {
        throw new LockVerificationException(
            "row count mismatch: lock field 'rows' says %s, read %s", lock.rows(), rows);
      }
      ok = true;
    } finally {
      tell(rows, !ok);
    }
  }

  /**
   * Checks a verification pass over all of the lock's files (its {@code digest} against the lock's
   * content digest); tells listeners only if it failed.
   */
  void pass(String digest) {
    try {
      checkDigest(lock.contentDigest(), digest);
    } catch (LockVerificationException e) {
      tell(0, true);
      throw e;
    }
  }

  /** A read that threw {@code e} after {@code rows} rows: a failed check is told as such. */
  void threw(RuntimeException e, long rows) {
    if (e instanceof LockVerificationException) {
      tell(rows, true);
    }
  }

  private static void checkDigest(String expected, String digest) {
    if (expected != null && digest != null && !expected.equals(digest)) {
      throw new LockVerificationException(
          "content digest mismatch: lock %s, read %s", expected, digest);
    }
  }

  private void tell(long rows, boolean failed) {
    if (told.compareAndSet(false, true)) {
      TimetravelEvents.rehydrated(floe, lock, shard, rows, files, verified, failed, started);
    }
  }

  /** {@code batches}, telling {@code onFailure} of what they throw before they throw it. */
  static <T> Iterator<T> telling(Iterator<T> batches, Consumer<RuntimeException> onFailure) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        try {
          return batches.hasNext();
        } catch (RuntimeException e) {
          onFailure.accept(e);
          throw e;
        }
      }

      @Override
      public T next() {
        try {
          return batches.next();
        } catch (RuntimeException e) {
          onFailure.accept(e);
          throw e;
        }
      }
    };
  }
}
