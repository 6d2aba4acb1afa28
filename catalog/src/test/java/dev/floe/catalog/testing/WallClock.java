package dev.floe.catalog.testing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits on the wall clock that Iceberg stamps snapshots with, for tests whose subject reads it: two
 * commits that must land in different milliseconds, or an age that must have passed. A wait until a
 * condition holds, not a guessed sleep: it ends the moment the clock gets there.
 */
public final class WallClock {
  private WallClock() {}

  /** Returns once {@link System#currentTimeMillis()} is past {@code epochMillis}; returns it. */
  public static long waitPast(long epochMillis) {
    long now;
    while ((now = System.currentTimeMillis()) <= epochMillis) {
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
    }
    return now;
  }
}
