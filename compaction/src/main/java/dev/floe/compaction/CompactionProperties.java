package dev.floe.compaction;

/**
 * Table properties that tune compaction and retention. Each key has a {@code _DEFAULT} twin; a
 * value set on the table replaces the default, and an explicit builder call replaces both.
 */
public final class CompactionProperties {
  private CompactionProperties() {}

  /** Size bin-packing aims for, per group and per output file. */
  public static final String TARGET_FILE_SIZE_BYTES = "floe.compaction.target-file-size-bytes";

  public static final long TARGET_FILE_SIZE_BYTES_DEFAULT = 128L * 1024 * 1024;

  /** Files a partition needs below the small-file threshold before it is worth rewriting. */
  public static final String MIN_INPUT_FILES = "floe.compaction.min-input-files";

  public static final int MIN_INPUT_FILES_DEFAULT = 2;

  /**
   * A file smaller than this share of the target is "small". Fixed, not a property: files above it
   * are close enough to the target that rewriting them costs more than it saves.
   */
  static final double SMALL_FILE_RATIO = 0.75;

  /**
   * Snapshots older than this (milliseconds) are expired, unless a ref or the minimum keeps them.
   */
  public static final String MAX_SNAPSHOT_AGE_MS = "floe.compaction.max-snapshot-age-ms";

  /** Iceberg's own default ({@code history.expire.max-snapshot-age-ms}): five days. */
  public static final long MAX_SNAPSHOT_AGE_MS_DEFAULT = 5L * 24 * 60 * 60 * 1000;

  /** Newest snapshots of each branch kept whatever their age. */
  public static final String MIN_SNAPSHOTS_TO_KEEP = "floe.compaction.min-snapshots-to-keep";

  public static final int MIN_SNAPSHOTS_TO_KEEP_DEFAULT = 1;

  /** Snapshot summary key holding the id of the compaction run that wrote the snapshot. */
  public static final String RUN_ID_SUMMARY = "floe.compaction.run-id";
}
