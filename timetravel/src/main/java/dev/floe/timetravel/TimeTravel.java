package dev.floe.timetravel;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.exceptions.LockVerificationException;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.Table;

/**
 * Entry points: read a table as of a snapshot, pin a snapshot for training, and later verify or
 * rehydrate exactly what was pinned.
 *
 * <pre>{@code
 * TrainingLock lock = TimeTravel.pin(floe, "ml.events").select("id", "embedding").writeTo(lockFile);
 * // ... later, maybe after more appends and compaction:
 * try (ArrowBatches batches = TimeTravel.rehydrate(floe, TrainingLock.read(lockFile), allocator)) {
 *   for (VectorSchemaRoot batch : batches) { train(batch); }
 * }
 * }</pre>
 */
public final class TimeTravel {
  private TimeTravel() {}

  /** Starts a read of {@code table}; by default its {@code main} branch, all columns. */
  public static Reader read(Table table) {
    Objects.requireNonNull(table, "table");
    return new Reader(table, table.name());
  }

  /** Starts a read of {@code db.t} or {@code db.t@ref}. */
  public static Reader read(Floe floe, String tableName) {
    ResolvedTable resolved = floe.tables().resolve(tableName);
    return new Reader(resolved.table(), resolved.name().identifier().toString())
        .useRef(resolved.ref());
  }

  /** Starts pinning the current snapshot of {@code db.t} or {@code db.t@ref}. */
  public static Pin pin(Floe floe, String tableName) {
    return new Pin(floe, floe.tables().resolve(tableName));
  }

  /** Checks that the lock's table, snapshot, schema, files and tag are all still as pinned. */
  public static VerifyResult verify(Floe floe, TrainingLock lock) {
    Objects.requireNonNull(lock, "lock");
    return LockVerifier.verify(floe, lock);
  }

  /**
   * Verifies the lock (throws {@link LockVerificationException} listing every problem), then reads
   * exactly the pinned data; the returned batches check the content digest when fully consumed and
   * throw {@link LockVerificationException} from {@code hasNext()} if it differs.
   */
  public static ArrowBatches rehydrate(Floe floe, TrainingLock lock, BufferAllocator allocator) {
    Objects.requireNonNull(allocator, "allocator");
    VerifyResult result = verify(floe, lock);
    if (!result.ok()) {
      throw new LockVerificationException(
          "Cannot rehydrate snapshot %s of %s: %s",
          lock.snapshotId(), lock.table(), String.join("; ", result.problems()));
    }
    Table table = floe.tables().resolve(lock.table()).table();
    Reader reader =
        new Reader(table, lock.table()).snapshot(lock.snapshotId()).select(lock.columns());
    String expected = lock.contentDigest();
    return reader.arrow(
        allocator,
        digest -> {
          if (expected != null && !expected.equals(digest)) {
            throw new LockVerificationException(
                "content digest mismatch: lock %s, read %s", expected, digest);
          }
        });
  }
}
