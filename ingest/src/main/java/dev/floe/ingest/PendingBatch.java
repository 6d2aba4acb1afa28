package dev.floe.ingest;

import dev.floe.ingest.profile.Profile;
import dev.floe.ingest.profile.ProfileTable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/** A batch whose files are written and which waits for its commit; completes its future once. */
final class PendingBatch {
  private final Batch batch;
  private final String producer;
  private final long startNanos;
  private final CompletableFuture<AppendResult> future = new CompletableFuture<>();
  private volatile List<DataFile> files = List.of();
  private volatile long bytes;
  private volatile long queuedNanos;
  private BatchColumns columns; // guarded by this: released once, by whoever ends the batch
  private volatile Schema rowSchema;
  private volatile PartitionSpec rowSpec;
  private volatile long estimatedBytes;
  private volatile Profile profile;
  private ProfileCommit profileCommit; // see profileCommit(..)

  private final long deadLettered;

  PendingBatch(Batch batch, String producer, long startNanos) {
    this(batch, producer, startNanos, 0);
  }

  /** {@code batch} holds the good rows; {@code deadLettered} rows went to the dead letters. */
  PendingBatch(Batch batch, String producer, long startNanos, long deadLettered) {
    this.deadLettered = deadLettered;
    this.batch = batch;
    this.producer = producer;
    this.startNanos = startNanos;
  }

  Batch batch() {
    return batch;
  }

  String producer() {
    return producer;
  }

  long sequence() {
    return batch.sequence();
  }

  String key() {
    return producer + "\u0000" + batch.sequence();
  }

  List<DataFile> files() {
    return files;
  }

  long bytes() {
    return bytes;
  }

  void written(List<DataFile> dataFiles) {
    this.files = List.copyOf(dataFiles);
    this.bytes = dataFiles.stream().mapToLong(DataFile::fileSizeInBytes).sum();
  }

  /**
   * Holds the batch's rows, converted to and checked against {@code schema}, for group files; this
   * batch owns {@code converted} from now on and closes it when it completes.
   */
  void converted(Schema schema, PartitionSpec spec, BatchColumns converted) {
    this.rowSchema = schema;
    this.rowSpec = spec;
    synchronized (this) {
      this.columns = converted;
    }
    this.estimatedBytes = converted.estimatedBytes();
  }

  /** The profile side of this batch's commit, kept across its retries. */
  synchronized ProfileCommit profileCommit(
      ProfileTable profiles, String tableName, Executor writes) {
    if (profileCommit == null) {
      profileCommit = new ProfileCommit(profiles, tableName, writes);
    }
    return profileCommit;
  }

  /**
   * The column profile of the batch's rows: null until its files are written, and always when the
   * writer does not profile.
   */
  Profile profile() {
    return profile;
  }

  void profiled(Profile batchProfile) {
    this.profile = batchProfile;
  }

  /** The converted rows; only between {@link #converted} and the batch's completion. */
  synchronized BatchColumns columns() {
    Preconditions.checkState(
        columns != null, "Cannot write %s: its rows were released", describe());
    return columns;
  }

  /** Rows held for group files, 0 once released. */
  synchronized int rowCount() {
    return columns == null ? 0 : columns.rowCount();
  }

  /** Frees the batch's vectors: before its future completes, so a closed writer leaks nothing. */
  synchronized void release() {
    if (columns != null) {
      columns.close();
      columns = null;
    }
  }

  void complete(AppendResult result) {
    release();
    future.complete(result);
  }

  void fail(Throwable error) {
    release();
    future.completeExceptionally(error);
  }

  Schema rowSchema() {
    return rowSchema;
  }

  PartitionSpec rowSpec() {
    return rowSpec;
  }

  long estimatedBytes() {
    return estimatedBytes;
  }

  /** The batch's rows went into {@code dataFiles}, shared with its group; {@code share} bytes. */
  void shared(List<DataFile> dataFiles, long share) {
    this.files = List.copyOf(dataFiles);
    this.bytes = share;
  }

  void queued() {
    this.queuedNanos = System.nanoTime();
  }

  long queuedNanos() {
    return queuedNanos;
  }

  CompletableFuture<AppendResult> future() {
    return future;
  }

  String describe() {
    return BatchFiles.describe(batch, producer);
  }

  AppendResult committed(Snapshot snapshot, boolean evolved) {
    return new AppendResult(
        producer,
        batch.sequence(),
        snapshot == null ? null : snapshot.snapshotId(),
        batch.size(),
        files.size(),
        bytes,
        false,
        evolved,
        elapsed(),
        deadLettered);
  }

  AppendResult duplicate(Snapshot snapshot) {
    return new AppendResult(
        producer,
        batch.sequence(),
        snapshot == null ? null : snapshot.snapshotId(),
        0,
        0,
        0,
        true,
        false,
        elapsed(),
        0);
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
