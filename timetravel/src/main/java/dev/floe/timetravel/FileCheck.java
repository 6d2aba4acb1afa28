package dev.floe.timetravel;

import java.util.Objects;

/**
 * What a deep verification found for one data file of a lock ({@link TimeTravel#verifyDeep}).
 *
 * @param path the data file
 * @param status {@code OK}, {@code MISMATCH} (read, but its rows or digest differ from the lock's)
 *     or {@code UNREADABLE} (reading it failed; {@code error} says why)
 * @param expectedRows the rows the lock records for it
 * @param expectedDigest the digest the lock records for it
 * @param rows the rows read, or null when unreadable
 * @param digest the digest read, or null when unreadable
 * @param error why it could not be read; for a mismatch of a {@code floe-digest/2} lock, the row
 *     ranges of the units that differ (or how the file's units differ from the pinned ones); else
 *     null
 */
public record FileCheck(
    String path,
    Status status,
    long expectedRows,
    String expectedDigest,
    Long rows,
    String digest,
    String error) {
  public enum Status {
    OK,
    MISMATCH,
    UNREADABLE
  }

  public FileCheck {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(expectedDigest, "expectedDigest");
  }

  public boolean ok() {
    return status == Status.OK;
  }
}
