package dev.floe.ingest;

import dev.floe.catalog.internal.CarriedLedger;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/** Snapshot summary keys and table properties that {@link TableWriter} uses, and its defaults. */
public final class IngestProperties {
  private IngestProperties() {}

  /** Snapshot summary key: the producer that committed the snapshot's batch. */
  public static final String PRODUCER_ID = "floe.producer-id";

  /** Snapshot summary key: the batch sequence within its producer; with the producer, unique. */
  public static final String BATCH_SEQUENCE = "floe.batch-seq";

  /** Snapshot summary key of a group commit: how many batches it added. */
  public static final String BATCH_COUNT = "floe.batch-count";

  /** Snapshot summary key of a group commit: how many producers its batches came from. */
  public static final String PRODUCER_COUNT = "floe.producer-count";

  /**
   * Snapshot summary key: location of the exactly-once ledger file, a Puffin file in the table's
   * metadata folder with every producer's committed batch sequences on the branch (as ranges, gaps
   * kept). Each append writes a new one and registers it as its snapshot's statistics file (with no
   * blob metadata in table metadata), so snapshot expiry, orphan removal (Floe's, Spark's {@code
   * DeleteOrphanFiles}, Nessie GC) treat it as live; maintenance snapshots (compaction, tiering,
   * partition TTL, manifest rewrite) name and register the same file. Summaries stay a few keys
   * however many producers there are.
   */
  public static final String LEDGER = CarriedLedger.LEDGER;

  /** Snapshot summary key: SHA-256 of the ledger's content, checked when it is read. */
  public static final String LEDGER_SHA256 = CarriedLedger.LEDGER_SHA256;

  /**
   * Snapshot summary key prefix of earlier Floe versions, followed by a producer id: every batch
   * sequence that producer committed. Still read; the first append moves it into a ledger file.
   */
  public static final String COMMITTED_PREFIX = CarriedLedger.COMMITTED_PREFIX;

  /**
   * Snapshot summary key prefix of earlier Floe versions, followed by a producer id: the batch
   * sequences of that producer the snapshot added. Still read, no longer written.
   */
  public static final String BATCHES_PREFIX = "floe.batches.";

  /**
   * Table property: how long the ledger keeps a producer after its last commit on the branch (ms,
   * default 30 days). An append drops producers idle for longer, which bounds the ledger by the
   * producers active within the window (times the gaps each leaves in its sequences; gaps are never
   * closed, so a late batch is always appended). A producer that re-sends a batch after that long
   * idle gets it appended again: keep the window longer than any producer's restart or replay
   * horizon. {@link Long#MAX_VALUE} keeps every producer forever.
   */
  public static final String LEDGER_IDLE_PRODUCER_RETENTION_MS =
      "floe.ingest.ledger.idle-producer-retention-ms";

  public static final long LEDGER_IDLE_PRODUCER_RETENTION_MS_DEFAULT = 30L * 24 * 60 * 60 * 1000;

  /** Branch a writer appends to. */
  public static final String BRANCH = "floe.ingest.branch";

  public static final String BRANCH_DEFAULT = "main";

  /** Data file format: {@code parquet} or {@code orc}. */
  public static final String FILE_FORMAT = "floe.ingest.file-format";

  public static final String FILE_FORMAT_DEFAULT = "parquet";

  /**
   * Size at which a data file is closed and the next one started: Iceberg's own {@code
   * write.target-file-size-bytes}, the key compaction reads too. A builder's {@code
   * targetFileSizeBytes(..)} replaces it.
   */
  public static final String TARGET_FILE_SIZE_BYTES =
      org.apache.iceberg.TableProperties.WRITE_TARGET_FILE_SIZE_BYTES;

  /**
   * Floe's earlier key for {@link #TARGET_FILE_SIZE_BYTES}, read when that is not set.
   *
   * @deprecated set {@link #TARGET_FILE_SIZE_BYTES} instead.
   */
  @Deprecated
  public static final String TARGET_FILE_SIZE_BYTES_ALIAS = "floe.ingest.target-file-size-bytes";

  /** Floe's default, not Iceberg's 512 MB. */
  public static final long TARGET_FILE_SIZE_BYTES_DEFAULT = 128L * 1024 * 1024;

  /** Schema evolution policy: {@code strict}, {@code add-columns} or {@code add-and-widen}. */
  public static final String EVOLUTION = "floe.ingest.evolution";

  public static final String EVOLUTION_DEFAULT = "strict";

  /**
   * Table property: the unit of epoch numbers given for timestamp columns, {@code s}, {@code ms},
   * {@code us} or {@code ns}. A number must land between 1973-03-03 and 2286-11-20 in that unit,
   * where the four units' magnitudes cannot be mistaken for each other; others are refused.
   */
  public static final String EPOCH_UNIT = "floe.ingest.epoch-unit";

  public static final String EPOCH_UNIT_DEFAULT = "ms";

  /**
   * Table property prefix, followed by a top-level list column's name and {@link
   * #COLUMN_DIMENSION_SUFFIX}: the number of elements every value of that column must have (e.g.
   * {@code floe.column.embedding.dimension=256}). Rows that differ go to the dead letters or fail
   * the batch. Read when a writer is built.
   */
  public static final String COLUMN_PREFIX = "floe.column.";

  public static final String COLUMN_DIMENSION_SUFFIX = ".dimension";

  /**
   * How many times one batch is tried when commits keep conflicting with other writers, on top of
   * the retries Iceberg makes inside each commit ({@code commit.retry.num-retries}).
   */
  public static final String COMMIT_ATTEMPTS = "floe.ingest.commit-attempts";

  public static final int COMMIT_ATTEMPTS_DEFAULT = 8;

  /**
   * First wait between attempts; doubles each time up to the maximum, plus 0-10% jitter (Iceberg's
   * {@code Tasks}, as for Iceberg's own commit retries). Each retry is logged at WARN by {@code
   * org.apache.iceberg.util.Tasks} and counted in {@link WriterMetrics#retries()}.
   */
  public static final String COMMIT_BACKOFF_MIN_MS = "floe.ingest.commit-backoff-min-ms";

  public static final long COMMIT_BACKOFF_MIN_MS_DEFAULT = 50;

  public static final String COMMIT_BACKOFF_MAX_MS = "floe.ingest.commit-backoff-max-ms";

  public static final long COMMIT_BACKOFF_MAX_MS_DEFAULT = 2_000;

  /**
   * Table property: profile the columns of every commit (rows, nulls, NaNs, min/max, sketches) and
   * register Iceberg's distinct counts in the commit ({@code dev.floe.ingest.profile}). A writer's
   * {@code TableWriter.Builder#profile(boolean)} overrides it. Off by default: profiling costs
   * about 0.35 us of one core per row of 5 columns, up to a fifth of a single-threaded ingest.
   */
  public static final String PROFILE_ENABLED = "floe.ingest.profile.enabled";

  public static final boolean PROFILE_ENABLED_DEFAULT = false;

  /** The target file size {@code properties} set: Iceberg's key, else the alias, else 128 MB. */
  static long targetFileSizeBytes(java.util.Map<String, String> properties) {
    String key =
        properties.containsKey(TARGET_FILE_SIZE_BYTES)
            ? TARGET_FILE_SIZE_BYTES
            : TARGET_FILE_SIZE_BYTES_ALIAS;
    return org.apache.iceberg.util.PropertyUtil.propertyAsLong(
        properties, key, TARGET_FILE_SIZE_BYTES_DEFAULT);
  }

  /** {@link #LEDGER_IDLE_PRODUCER_RETENTION_MS} of {@code table}, checked. */
  static long idleProducerRetentionMs(org.apache.iceberg.Table table) {
    long retention =
        org.apache.iceberg.util.PropertyUtil.propertyAsLong(
            table.properties(),
            LEDGER_IDLE_PRODUCER_RETENTION_MS,
            LEDGER_IDLE_PRODUCER_RETENTION_MS_DEFAULT);
    Preconditions.checkArgument(
        retention > 0,
        "Invalid %s of table %s: %s (must be > 0 ms)",
        LEDGER_IDLE_PRODUCER_RETENTION_MS,
        table.name(),
        retention);
    return retention;
  }
}
