package dev.floe.timetravel;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.LockVerificationException;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Checks the rows a lock's split picks for a part against the digest the lock pins for that part.
 * Per-file (and per-unit) digests cover all of a file's rows, so they cannot tell an edited split
 * seed, fractions or key column, which would pick other rows for the part: every read that picks a
 * part's rows without checking them against the part's digest as it goes (a shard of a lock without
 * unit parts, a Parquet export, all parts side by side, a shuffled part) runs this first. Costs one
 * vectorized read of the part, in file order (the order the part's digest covers).
 */
final class WholePart {
  private WholePart() {}

  /**
   * Throws {@link LockVerificationException} if the part's rows differ from those the lock pinned;
   * {@code checks} hears of the failure. Does nothing for a lock that pins no digest of the part:
   * the caller refuses such a read or reports it as not verified.
   */
  static void check(
      Floe floe, TrainingLock lock, Split.Part part, BufferAllocator allocator, ReadChecks checks) {
    String pinned = lock.splitDigests().get(part);
    if (pinned == null) {
      return;
    }
    Reader whole = TimeTravel.fileOrderReader(floe, lock).split(lock.split(), part);
    Consumer<String> compare =
        digest -> {
          if (!pinned.equals(digest)) {
            throw new LockVerificationException(
                "content digest mismatch in the %s part of %s (the lock's split picks these rows:"
                    + " was its split edited?): lock %s, read %s",
                Rehydration.partName(part), lock.label(), pinned, digest);
          }
        };
    try (ArrowBatches rows = whole.arrow(allocator, compare)) {
      rows.onFailure(e -> checks.threw(e, 0)).forEach(batch -> {});
    }
  }
}
