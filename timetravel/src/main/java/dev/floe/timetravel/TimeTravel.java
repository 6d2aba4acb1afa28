package dev.floe.timetravel;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.exceptions.LockVerificationException;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.ExpressionParser;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Entry points: read a table as of a snapshot, pin a snapshot for training, and later verify or
 * rehydrate exactly what was pinned.
 *
 * <pre>{@code
 * TrainingLock lock = TimeTravel.pin(floe, "ml.events").select("id", "embedding").writeTo(lockFile);
 * // ... later, maybe after more appends and compaction:
 * try (ArrowBatches batches = TimeTravel.rehydrate(floe, TrainingLock.read(lockFile)).arrow(allocator)) {
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

  /**
   * Starts a read of {@code db.t} or {@code db.t@ref}; in nessie mode also of {@code db.t@ref#hash}
   * or {@code db.t#hash}, the table as of that Nessie commit (a full hash, or at least 8 hex digits
   * of one on the ref). An unknown hash throws {@link
   * dev.floe.catalog.exceptions.NoSuchRefException} naming it.
   */
  public static Reader read(Floe floe, String tableName) {
    ResolvedTable resolved = floe.tables().resolve(tableName);
    return new Reader(resolved.table(), resolved.name().identifier().toString())
        .useRef(resolved.ref());
  }

  /**
   * Starts a read of the rows appended to {@code table} after snapshot {@code fromExclusive} up to
   * and including {@code toInclusive} (an ancestor chain of one branch).
   */
  public static Appended appended(Table table, long fromExclusive, long toInclusive) {
    Objects.requireNonNull(table, "table");
    return new Appended(table, table.name(), fromExclusive, toInclusive);
  }

  /**
   * Starts pinning the current snapshot of {@code db.t} or {@code db.t@ref}; in nessie mode at the
   * Nessie commit the branch or tag points to now (or {@code db.t@ref#hash}).
   */
  public static Pin pin(Floe floe, String tableName) {
    return new Pin(floe, floe.tables().resolveCommit(tableName));
  }

  /** Starts pinning several tables into one lock file, consistently (see {@link PinAll}). */
  public static PinAll pinAll(Floe floe, List<String> tableNames) {
    return new PinAll(floe, List.copyOf(tableNames));
  }

  /** Checks that the lock's table, snapshot, schema, files and tag are all still as pinned. */
  public static VerifyResult verify(Floe floe, TrainingLock lock) {
    Objects.requireNonNull(lock, "lock");
    long started = System.nanoTime();
    return TimetravelEvents.verified(floe, lock, LockVerifier.verify(floe, lock), started);
  }

  /**
   * {@link #verify(Floe, TrainingLock)}, then reads every data file (in parallel) and compares its
   * content digest with the lock's: the result lists each file ({@link VerifyResult#files()}), and
   * names every one that differs or cannot be read. Costs a full read of the pinned data.
   */
  public static VerifyResult verifyDeep(Floe floe, TrainingLock lock) {
    Objects.requireNonNull(lock, "lock");
    return DeepVerifier.verify(floe, lock);
  }

  /** {@link #verify(Floe, TrainingLock)} of every table; each problem starts with its table. */
  public static VerifyResult verify(Floe floe, LockFile file) {
    Objects.requireNonNull(file, "file");
    if (file.locks().size() == 1) {
      return verify(floe, file.locks().get(0));
    }
    List<String> problems = new ArrayList<>();
    for (TrainingLock lock : file.locks()) {
      verify(floe, lock).problems().forEach(p -> problems.add(lock.label() + ": " + p));
    }
    return VerifyResult.of(problems);
  }

  /**
   * Starts a rehydration of {@code lock}: verified against the table (a failure throws {@link
   * LockVerificationException} listing every problem), then read exactly as pinned and checked
   * against the lock's content digest and row count. End it with {@link Rehydration#arrow}, {@link
   * Rehydration#writeParquet} or {@link Rehydration#writeArrow}; a lock without a digest is refused
   * unless asked for {@link Rehydration#unverified()}.
   */
  public static Rehydration rehydrate(Floe floe, TrainingLock lock) {
    return new Rehydration(floe, lock);
  }

  /**
   * Which producers, writer runs, source files and batch sequences made the pinned rows of each
   * table of {@code lockFile}, counted from the provenance in the data files' footers (no data page
   * is read). Counts add up to each lock's records; {@link Lineage.Table#caveats()} says where they
   * are not exactly the rows read (a row filter, delete files, files without provenance).
   */
  public static Lineage lineage(Floe floe, LockFile lockFile) {
    Objects.requireNonNull(lockFile, "lockFile");
    List<Lineage.Table> tables = new ArrayList<>();
    for (TrainingLock lock : lockFile.locks()) {
      Table table = LockVerifier.table(floe, lock);
      Snapshot snapshot = table.snapshot(lock.snapshotId());
      if (snapshot == null) {
        throw new SnapshotNotFoundException(
            "Cannot tell the lineage of %s: snapshot %s no longer exists",
            lock.label(), lock.snapshotId());
      }
      tables.add(LineageScan.of(table, lock.label(), snapshot, lock));
    }
    return new Lineage(tables);
  }

  /**
   * The lineage of snapshot {@code snapshotId} of {@code db.t} (or {@code db.t@ref}); null for the
   * ref's current snapshot.
   */
  public static Lineage lineage(Floe floe, String tableName, Long snapshotId) {
    ResolvedTable resolved = floe.tables().resolve(tableName);
    Table table = resolved.table();
    Snapshot snapshot =
        snapshotId != null ? table.snapshot(snapshotId) : table.snapshot(resolved.ref());
    if (snapshot == null) {
      throw new SnapshotNotFoundException(
          "Cannot tell the lineage of %s: it has no snapshot %s",
          tableName, snapshotId != null ? snapshotId : "yet");
    }
    return new Lineage(List.of(LineageScan.of(table, tableName, snapshot, null)));
  }

  /** Verifies the lock (throws listing every problem), then sets a reader up as pinned. */
  static Reader pinnedReader(Floe floe, TrainingLock lock, Split.Part part) {
    Preconditions.checkArgument(
        part == null || lock.split() != null,
        "Cannot rehydrate the %s part of snapshot %s of %s: the lock has no split",
        part,
        lock.snapshotId(),
        lock.table());
    long started = System.nanoTime();
    LockVerifier.Checked checked = LockVerifier.check(floe, lock);
    VerifyResult result = TimetravelEvents.verified(floe, lock, checked.result(), started);
    if (!result.ok()) {
      throw new LockVerificationException(
          "Cannot rehydrate snapshot %s of %s: %s",
          lock.snapshotId(), lock.table(), String.join("; ", result.problems()));
    }
    // The read takes the table and, without a row filter, the file plan the check just made: a
    // rehydration loads and plans the snapshot once.
    Reader reader = fileOrderReader(checked.table(), lock);
    if (lock.filter() == null) {
      reader.planned(checked.files());
    }
    if (part != null) {
      reader.split(lock.split(), part);
    }
    if (lock.shuffleSeed() != null) {
      reader.shuffle(lock.shuffleSeed());
    }
    return reader;
  }

  /**
   * A reader of the lock's rows in file order, as its per-file digests cover them: the pinned
   * snapshot, columns and filter, without the split and the shuffle. Does not verify the lock.
   */
  static Reader fileOrderReader(Floe floe, TrainingLock lock) {
    return fileOrderReader(LockVerifier.table(floe, lock), lock);
  }

  private static Reader fileOrderReader(Table table, TrainingLock lock) {
    Reader reader =
        new Reader(table, lock.table()).snapshot(lock.snapshotId()).select(lock.columns());
    reader.digestUnits(lock.unitDigests());
    if (lock.filter() != null) {
      // Parsed against the pinned schema, so literals get the column's type back.
      reader.filter(filter(lock, SnapshotUtil.schemaFor(table, lock.snapshotId())));
    }
    return reader;
  }

  private static Expression filter(TrainingLock lock, Schema schema) {
    try {
      return ExpressionParser.fromJson(lock.filter(), schema);
    } catch (IllegalArgumentException wholeNumber) {
      // Locks pinned before filters were written bound hold `30` for a double column, which the
      // typed parse refuses; unbound, Iceberg converts the literal to the column's type on bind.
      return ExpressionParser.fromJson(lock.filter());
    }
  }
}
