package dev.floe.ingest;

import dev.floe.ingest.profile.Profile;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.Record;

/** A batch whose files are written and which waits for its commit; completes its future once. */
final class PendingBatch {
  private final Batch batch;
  private final String producer;
  private final long startNanos;
  private final CompletableFuture<AppendResult> future = new CompletableFuture<>();
  private volatile List<DataFile> files = List.of();
  private volatile long bytes;
  private volatile long queuedNanos;
  private volatile List<Record> rows;
  private volatile Schema rowSchema;
  private volatile PartitionSpec rowSpec;
  private volatile long estimatedBytes;
  private volatile Profile profile;

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

  /** Records the batch's rows, converted to and checked against {@code schema}, for group files. */
  void converted(Schema schema, PartitionSpec spec, List<Record> converted) {
    this.rowSchema = schema;
    this.rowSpec = spec;
    this.rows = converted;
    // Sized from the first row: a bound for grouping, not an accounting figure.
    this.estimatedBytes = converted.isEmpty() ? 0 : converted.size() * estimate(converted.get(0));
  }

  /** The column profile of the batch's rows, or null when the writer does not profile. */
  Profile profile() {
    return profile;
  }

  void profiled(Profile batchProfile) {
    this.profile = batchProfile;
  }

  List<Record> rows() {
    return rows;
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

  private static long estimate(Object value) {
    if (value instanceof StructLike struct) {
      long size = 0;
      for (int i = 0; i < struct.size(); i++) {
        size += estimate(struct.get(i, Object.class));
      }
      return size;
    } else if (value instanceof Collection<?> items) {
      return 4 + items.size() * (items.isEmpty() ? 0 : estimate(items.iterator().next()));
    } else if (value instanceof Map<?, ?> map) {
      return 4 + map.size() * 16L;
    } else if (value instanceof CharSequence text) {
      return 4 + text.length();
    } else if (value instanceof ByteBuffer buffer) {
      return 4 + buffer.remaining();
    }
    return 8;
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
