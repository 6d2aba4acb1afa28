package dev.floe.compaction;

/** Data files and bytes a branch head reads from each tier. */
public record TierReport(int hotFiles, long hotBytes, int coldFiles, long coldBytes) {
  public int files() {
    return hotFiles + coldFiles;
  }

  public long bytes() {
    return hotBytes + coldBytes;
  }
}
