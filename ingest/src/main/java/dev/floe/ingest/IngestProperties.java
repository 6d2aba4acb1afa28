package dev.floe.ingest;

import dev.floe.catalog.internal.CarriedLedger;

/** Snapshot summary keys that {@link TableWriter} writes, and its defaults. */
public final class IngestProperties {
  private IngestProperties() {}

  /** Snapshot summary key: the producer that committed the snapshot's batch. */
  public static final String PRODUCER_ID = "floe.producer-id";

  /** Snapshot summary key: the batch sequence within its producer; with the producer, unique. */
  public static final String BATCH_SEQUENCE = "floe.batch-seq";

  /**
   * Snapshot summary key prefix, followed by a producer id: every batch sequence that producer has
   * committed on the branch, as ranges ({@code "0-41,43"}). Each snapshot Floe commits carries the
   * state of every producer forward, so duplicates are recognised after snapshot expiry too.
   */
  public static final String COMMITTED_PREFIX = CarriedLedger.COMMITTED_PREFIX;

  /**
   * Snapshot summary key prefix, followed by a producer id: the batch sequences of that producer
   * this snapshot added. A group commit names several producers and sequences.
   */
  public static final String BATCHES_PREFIX = "floe.batches.";

  /**
   * Table property: how many ranges of committed sequences are kept per producer. Beyond it the
   * oldest gap is closed (its sequences then count as committed), which bounds the summary size.
   */
  public static final String LEDGER_MAX_RANGES = "floe.ingest.ledger-max-ranges";

  public static final int LEDGER_MAX_RANGES_DEFAULT = 64;

  /** Branch a writer appends to. */
  public static final String BRANCH = "floe.ingest.branch";

  public static final String BRANCH_DEFAULT = "main";

  /** Data file format: {@code parquet} or {@code orc}. */
  public static final String FILE_FORMAT = "floe.ingest.file-format";

  public static final String FILE_FORMAT_DEFAULT = "parquet";

  /** Size at which a data file is closed and the next one started. */
  public static final String TARGET_FILE_SIZE_BYTES = "floe.ingest.target-file-size-bytes";

  public static final long TARGET_FILE_SIZE_BYTES_DEFAULT = 128L * 1024 * 1024;

  /** Schema evolution policy: {@code strict}, {@code add-columns} or {@code add-and-widen}. */
  public static final String EVOLUTION = "floe.ingest.evolution";

  public static final String EVOLUTION_DEFAULT = "strict";

  /**
   * How many times one batch is tried when commits keep conflicting with other writers, on top of
   * the retries Iceberg makes inside each commit ({@code commit.retry.num-retries}).
   */
  public static final String COMMIT_ATTEMPTS = "floe.ingest.commit-attempts";

  public static final int COMMIT_ATTEMPTS_DEFAULT = 8;

  /** First wait between attempts; doubles each time, with full jitter, up to the maximum. */
  public static final String COMMIT_BACKOFF_MIN_MS = "floe.ingest.commit-backoff-min-ms";

  public static final long COMMIT_BACKOFF_MIN_MS_DEFAULT = 50;

  public static final String COMMIT_BACKOFF_MAX_MS = "floe.ingest.commit-backoff-max-ms";

  public static final long COMMIT_BACKOFF_MAX_MS_DEFAULT = 2_000;
}
