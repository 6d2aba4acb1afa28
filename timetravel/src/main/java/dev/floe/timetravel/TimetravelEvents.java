package dev.floe.timetravel;

import dev.floe.catalog.Floe;
import dev.floe.catalog.events.FloeEvent;
import dev.floe.catalog.events.FloeEvents;
import java.time.Instant;

/**
 * Tells listeners (lineage, metrics) of pins and rehydrations once they are complete; publishing
 * never blocks and never throws, so a hook is one line where a lock or a check is final.
 */
final class TimetravelEvents {
  private TimetravelEvents() {}

  static TrainingLock pinned(String location, TrainingLock lock) {
    FloeEvents.emit(
        () ->
            new FloeEvent.Pin(
                lock.table(), location, lock.snapshotId(), info(lock), Instant.now()));
    return lock;
  }

  /**
   * A rehydration (of {@code shard}, null for none) that read {@code rows} of {@code files} data
   * files: {@code failed} when a check threw. The table's location is looked up only when a
   * lakehouse listens.
   */
  static void rehydrated(
      Floe floe,
      TrainingLock lock,
      FloeEvent.ShardInfo shard,
      long rows,
      long files,
      boolean verified,
      boolean failed,
      long startedNanos) {
    long millis = (System.nanoTime() - startedNanos) / 1_000_000;
    FloeEvents.emit(
        () ->
            new FloeEvent.Rehydration(
                lock.table(),
                location(floe, lock),
                lock.snapshotId(),
                info(lock),
                shard,
                rows,
                0,
                files,
                verified,
                failed,
                millis,
                Instant.now()));
  }

  static VerifyResult verified(Floe floe, TrainingLock lock, VerifyResult result, long started) {
    long millis = (System.nanoTime() - started) / 1_000_000;
    FloeEvents.emit(
        () ->
            new FloeEvent.Verification(
                lock.table(),
                location(floe, lock),
                lock.snapshotId(),
                info(lock),
                result.ok(),
                result.problems(),
                millis,
                Instant.now()));
    return result;
  }

  private static FloeEvent.LockInfo info(TrainingLock lock) {
    return new FloeEvent.LockInfo(
        lock.tag() != null ? lock.tag() : lock.label(),
        lock.fingerprint(),
        lock.contentDigest(),
        lock.split() == null ? null : lock.split().toString());
  }

  private static String location(Floe floe, TrainingLock lock) {
    try {
      return floe.tables().resolve(lock.table()).table().location();
    } catch (RuntimeException e) {
      // The table may be gone while its pinned files are still read: name it where it would be.
      return floe.config().warehouse() + "/" + lock.table().replace('.', '/');
    }
  }
}
