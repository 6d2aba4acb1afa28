package dev.floe.ingest.profile;

import java.time.Instant;
import java.util.Objects;

/**
 * A merged profile and the history it covers. Expiry removes old snapshots and their statistics
 * files, so a profile "from the start" of a table that expired snapshots covers only the retained
 * appends: {@link #historyExpired()} says so, and its rows are not the table's.
 *
 * @param profile the merged profile of the covered appends' rows
 * @param appends how many appends it merges (compactions in the range add none)
 * @param since when the oldest covered append committed; null when it covers none
 * @param expiredBefore the oldest retained snapshot of the range whose parent expired: history
 *     before it is gone; null when the range reaches its start (or the table's first snapshot)
 */
public record ProfileRange(Profile profile, int appends, Instant since, Long expiredBefore) {
  public ProfileRange {
    Objects.requireNonNull(profile, "profile");
  }

  /** The rows of the covered appends (not the table's rows when history expired). */
  public long rows() {
    return profile.rows();
  }

  /** Whether history before {@link #expiredBefore} expired, so the profile covers only part. */
  public boolean historyExpired() {
    return expiredBefore != null;
  }

  /**
   * How the coverage reads in messages: {@code "over 3 appends"}, or {@code "over 2 retained
   * appends since 2026-12-05T01:00:00Z; history before snapshot 42 expired"}.
   */
  public String describe() {
    String over = "over " + appends + (historyExpired() ? " retained" : "") + " append(s)";
    if (!historyExpired()) {
      return over;
    }
    return over
        + (since == null ? "" : " since " + since)
        + "; older history expired (before snapshot "
        + expiredBefore
        + ")";
  }
}
