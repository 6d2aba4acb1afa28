package dev.floe.ingest;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Appends batches of one producer to one branch of a table, each batch as one snapshot whose
 * summary names the producer ({@link IngestProperties#PRODUCER_ID}) and the batch sequence ({@link
 * IngestProperties#BATCH_SEQUENCE}). A batch already committed on the branch is not appended again,
 * by this writer or any other with the same producer id, so producers can re-send after a crash.
 *
 * <pre>{@code
 * try (TableWriter writer = TableWriter.forTable(table).producerId("clicks-1").build()) {
 *   AppendResult result = writer.append(Batch.of(seq, records));
 * }
 * }</pre>
 *
 * <p>Thread-safe: threads may append concurrently; files are written in parallel and commits take
 * turns. Writers of other producers may append to the same table at the same time.
 */
public final class TableWriter implements AutoCloseable {
  private final BatchAppender appender;
  private final String producerId;
  private final int commitAttempts;
  private final long backoffMinMs;
  private final long backoffMaxMs;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder rows = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder files = new LongAdder();
  private final LongAdder commits = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder duplicates = new LongAdder();

  private TableWriter(Builder builder) {
    Table table = builder.table;
    this.producerId = builder.producerId;
    this.appender =
        new BatchAppender(
            table,
            builder.branch,
            producerId,
            builder.format,
            builder.targetFileSizeBytes,
            builder.evolution);
    this.commitAttempts =
        Math.max(
            1,
            PropertyUtil.propertyAsInt(
                table.properties(),
                IngestProperties.COMMIT_ATTEMPTS,
                IngestProperties.COMMIT_ATTEMPTS_DEFAULT));
    this.backoffMinMs =
        PropertyUtil.propertyAsLong(
            table.properties(),
            IngestProperties.COMMIT_BACKOFF_MIN_MS,
            IngestProperties.COMMIT_BACKOFF_MIN_MS_DEFAULT);
    this.backoffMaxMs =
        PropertyUtil.propertyAsLong(
            table.properties(),
            IngestProperties.COMMIT_BACKOFF_MAX_MS,
            IngestProperties.COMMIT_BACKOFF_MAX_MS_DEFAULT);
  }

  public static Builder forTable(Table table) {
    return new Builder(Objects.requireNonNull(table, "table"));
  }

  /**
   * Appends {@code batch} and returns once it is committed, or once it is found already committed
   * ({@link AppendResult#duplicate()}). Throws {@link
   * dev.floe.catalog.exceptions.SchemaEvolutionException} when the batch does not fit the table
   * under the writer's policy; then nothing is committed.
   */
  public AppendResult append(Batch batch) {
    Objects.requireNonNull(batch, "batch");
    if (closed.get()) {
      throw new IllegalStateException(
          String.format(
              "Cannot append batch %s: writer of %s is closed", batch.sequence(), producerId));
    }
    long start = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        AppendResult result = appender.attempt(batch, start);
        count(result);
        return result;
      } catch (CommitFailedException e) {
        if (attempt >= commitAttempts) {
          throw new CommitFailedException(
              e,
              "Cannot commit %s after %s attempts: %s",
              BatchFiles.describe(batch, producerId),
              attempt,
              e.getMessage());
        }
        retries.increment();
        backoff(attempt);
      }
    }
  }

  /** The highest batch sequence this producer committed on the branch, or -1 if none. */
  public long lastCommittedSequence() {
    return appender.lastCommittedSequence();
  }

  public WriterMetrics metrics() {
    return new WriterMetrics(
        rows.sum(), bytes.sum(), files.sum(), commits.sum(), retries.sum(), duplicates.sum());
  }

  /** Stops further appends. Appends in flight finish; nothing else is held between appends. */
  @Override
  public void close() {
    closed.set(true);
  }

  private void count(AppendResult result) {
    if (result.duplicate()) {
      duplicates.increment();
      return;
    }
    rows.add(result.rows());
    bytes.add(result.bytes());
    files.add(result.files());
    commits.increment();
  }

  private void backoff(int attempt) {
    long ceiling = Math.max(1, backoffMinMs);
    for (int i = 1; i < attempt && ceiling < backoffMaxMs; i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, Math.max(1, backoffMaxMs));
    // Full jitter: writers that collided once should not collide again in lockstep.
    long sleep = ThreadLocalRandom.current().nextLong(ceiling + 1);
    try {
      Thread.sleep(sleep);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommitFailedException(e, "Interrupted while waiting to retry a commit");
    }
  }

  /** Settings of a {@link TableWriter}; only {@link #producerId} is required. */
  public static final class Builder {
    private final Table table;
    private String branch = IngestProperties.BRANCH_DEFAULT;
    private String producerId;
    private FileFormat format = FileFormat.fromString(IngestProperties.FILE_FORMAT_DEFAULT);
    private long targetFileSizeBytes = IngestProperties.TARGET_FILE_SIZE_BYTES_DEFAULT;
    private EvolutionPolicy evolution =
        EvolutionPolicy.fromString(IngestProperties.EVOLUTION_DEFAULT);

    private Builder(Table table) {
      this.table = table;
    }

    /**
     * The branch to append to; {@code main} unless set. A missing branch is created by the first
     * commit.
     */
    public Builder toBranch(String branchName) {
      if (branchName == null || branchName.isBlank()) {
        throw new IllegalArgumentException("Invalid branch: must not be empty");
      }
      this.branch = branchName;
      return this;
    }

    /**
     * Names the producer. Keep it stable across restarts and unique among producers: with the batch
     * sequence it is what makes a re-sent batch recognisable.
     */
    public Builder producerId(String id) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("Invalid producer id: must not be empty");
      }
      this.producerId = id;
      return this;
    }

    public Builder format(FileFormat fileFormat) {
      Objects.requireNonNull(fileFormat, "format");
      if (fileFormat != FileFormat.PARQUET && fileFormat != FileFormat.ORC) {
        throw new IllegalArgumentException(
            String.format("Unsupported file format: %s (use PARQUET or ORC)", fileFormat));
      }
      this.format = fileFormat;
      return this;
    }

    public Builder targetFileSizeBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException(
            String.format("Invalid target file size: %s (must be > 0 bytes)", bytes));
      }
      this.targetFileSizeBytes = bytes;
      return this;
    }

    public Builder evolution(EvolutionPolicy policy) {
      this.evolution = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Builds the writer and reads the producer's history on the branch once. */
    public TableWriter build() {
      if (producerId == null) {
        throw new IllegalArgumentException(
            "Missing producer id: call producerId(..) with a stable name unique to this producer");
      }
      SnapshotRef ref = table.refs().get(branch);
      if (ref != null && ref.isTag()) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot write to %s of table %s: it is a tag, not a branch", branch, table.name()));
      }
      return new TableWriter(this);
    }
  }
}
