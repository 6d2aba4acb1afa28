package dev.floe.compaction;

import java.util.Map;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Table properties that tune compaction and retention. Each key has a {@code _DEFAULT} twin; a
 * value set on the table replaces the default, and an explicit builder call replaces both.
 */
public final class CompactionProperties {
  private CompactionProperties() {}

  /**
   * Size bin-packing aims for, per group and per output file: Iceberg's own {@code
   * write.target-file-size-bytes}, so one key sizes the files that writers and rewrites make.
   */
  public static final String TARGET_FILE_SIZE_BYTES = TableProperties.WRITE_TARGET_FILE_SIZE_BYTES;

  /**
   * Floe's earlier key for {@link #TARGET_FILE_SIZE_BYTES}, still read when Iceberg's key is not
   * set.
   *
   * @deprecated set {@link #TARGET_FILE_SIZE_BYTES} instead.
   */
  @Deprecated
  public static final String TARGET_FILE_SIZE_BYTES_ALIAS =
      "floe.compaction.target-file-size-bytes";

  /** Floe's default, not Iceberg's 512 MB: files a reader of a few partitions opens quickly. */
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

  /** Groups rewritten at once; each holds one reader and one writer (bounded memory). */
  public static final String PARALLELISM = "floe.compaction.parallelism";

  /** At most two: compaction shares the machine with writers and readers. */
  public static final int PARALLELISM_DEFAULT =
      Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors() / 2));

  /**
   * Commit a run's groups in several commits ({@link #PARTIAL_PROGRESS_MAX_COMMITS} at most)
   * instead of one, so a failure keeps the commits before it and a re-run does the rest (Spark's
   * {@code partial-progress.enabled}). Off: a run commits once or not at all.
   */
  public static final String PARTIAL_PROGRESS_ENABLED = "floe.compaction.partial-progress.enabled";

  public static final boolean PARTIAL_PROGRESS_ENABLED_DEFAULT = false;

  /** With partial progress, the most commits one run makes (Spark's {@code max-commits}). */
  public static final String PARTIAL_PROGRESS_MAX_COMMITS =
      "floe.compaction.partial-progress.max-commits";

  public static final int PARTIAL_PROGRESS_MAX_COMMITS_DEFAULT = 10;

  /** Input bytes one run rewrites at most; groups beyond it wait for the next run. */
  public static final String MAX_BYTES_PER_RUN = "floe.compaction.max-bytes-per-run";

  public static final long MAX_BYTES_PER_RUN_DEFAULT = Long.MAX_VALUE;

  /**
   * Rows a sort compaction holds in memory per group; more rows roll to another sorted file. Only
   * rows within one output file are sorted.
   */
  public static final String SORT_MAX_ROWS_IN_MEMORY = "floe.compaction.sort.max-rows-in-memory";

  public static final int SORT_MAX_ROWS_IN_MEMORY_DEFAULT = 500_000;

  /** Files younger than this (milliseconds) are never orphans: a writer may not have committed. */
  public static final String ORPHAN_OLDER_THAN_MS = "floe.compaction.orphan-older-than-ms";

  public static final long ORPHAN_OLDER_THAN_MS_DEFAULT = 3L * 24 * 60 * 60 * 1000;

  /**
   * Nessie-aware collection: the table as each commit of a Nessie branch or tag within this window
   * (milliseconds) saw it keeps its files live, not only the reference's head.
   */
  public static final String NESSIE_RETAIN_HISTORY_MS = "floe.compaction.nessie.retain-history-ms";

  public static final long NESSIE_RETAIN_HISTORY_MS_DEFAULT = 7L * 24 * 60 * 60 * 1000;

  /**
   * The target file size {@code properties} set: Iceberg's key, else the deprecated alias, else
   * Floe's default.
   */
  public static long targetFileSizeBytes(Map<String, String> properties) {
    String key =
        properties.containsKey(TARGET_FILE_SIZE_BYTES)
            ? TARGET_FILE_SIZE_BYTES
            : TARGET_FILE_SIZE_BYTES_ALIAS;
    return PropertyUtil.propertyAsLong(properties, key, TARGET_FILE_SIZE_BYTES_DEFAULT);
  }

  /** Snapshot summary key marking a rewrite into the cold tier. */
  public static final String TIER_SUMMARY = "floe.tier";

  /** Snapshot summary key holding the id of the compaction run that wrote the snapshot. */
  public static final String RUN_ID_SUMMARY = "floe.compaction.run-id";
}
