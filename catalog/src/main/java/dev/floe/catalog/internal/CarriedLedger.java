package dev.floe.catalog.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.iceberg.GenericStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Carries the ingest writers' exactly-once ledger through snapshots that are not appends.
 *
 * <p>Every append of Floe's table writer writes the complete ledger (every producer's committed
 * batch sequences) to a Puffin file in the table's metadata folder, names it in the snapshot
 * summary ({@link #LEDGER}, {@link #LEDGER_SHA256}) and registers it as the snapshot's statistics
 * file in the same commit, so expiry, Iceberg's and Spark's orphan removal and Nessie GC see it as
 * live. A maintenance commit (compaction, tier move, partition TTL, manifest rewrite) that did not
 * name it would leave it to older snapshots only, and once those expire a re-sent batch would be
 * appended twice: {@link #commit} names the same file in the maintenance snapshot, registers it for
 * that snapshot too, and validates on every attempt that the branch head still names that file
 * (else an append landed meanwhile, and the commit is staged again with the newer file).
 *
 * <p>Tables written by earlier Floe versions carry the ledger as summary keys ({@link
 * #COMMITTED_PREFIX}); until the first new append moves it to a file, maintenance copies those keys
 * as before, marked {@link #CARRIED}.
 */
public final class CarriedLedger {
  /** Summary key: location of the ledger file that holds the complete state at this snapshot. */
  public static final String LEDGER = "floe.ledger";

  /** Summary key: SHA-256 (hex) of the ledger blob's uncompressed bytes. */
  public static final String LEDGER_SHA256 = "floe.ledger-sha256";

  /** Summary key prefix of the earlier, per-producer summary ledger, followed by a producer id. */
  public static final String COMMITTED_PREFIX = "floe.committed.";

  /** Summary key set on snapshots whose summary ledger was copied, not written by an append. */
  public static final String CARRIED = "floe.committed-carried";

  private static final int MAINTENANCE_ATTEMPTS = 8;

  private CarriedLedger() {}

  /** A ledger file as a snapshot summary names it. */
  public record Pointer(String location, String sha256) {
    public Pointer {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(sha256, "sha256");
    }

    /** The pointer {@code summary} names, or null. */
    public static Pointer of(Map<String, String> summary) {
      String location = summary == null ? null : summary.get(LEDGER);
      return location == null
          ? null
          : new Pointer(location, summary.getOrDefault(LEDGER_SHA256, ""));
    }

    /** Sets the summary keys on {@code update}. */
    public void setOn(SnapshotUpdate<?> update) {
      update.set(LEDGER, location);
      update.set(LEDGER_SHA256, sha256);
    }
  }

  /**
   * The ledger file named by the newest of {@code ancestors} (newest first) that names one; null
   * when none does, or when a newer snapshot holds a summary ledger (a table not migrated yet).
   */
  public static Pointer pointer(Iterable<Snapshot> ancestors) {
    for (Snapshot snapshot : ancestors) {
      Map<String, String> summary = snapshot.summary();
      Pointer pointer = Pointer.of(summary);
      if (pointer != null) {
        return pointer;
      }
      if (summary != null && hasSummaryLedger(summary) && !summary.containsKey(CARRIED)) {
        return null;
      }
    }
    return null;
  }

  /** The ledger file of the branch head that {@code start} is, or null. */
  public static Pointer pointer(Table table, Snapshot start) {
    return start == null
        ? null
        : pointer(SnapshotUtil.ancestorsOf(start.snapshotId(), table::snapshot));
  }

  /**
   * {@code pointer}'s file registered as the statistics file of snapshot {@code snapshotId}, with
   * no blob metadata: table metadata then names no blob type other readers do not know (PyIceberg
   * refuses those), and engines looking for column statistics find none here.
   */
  public static StatisticsFile statistics(Table table, Pointer pointer, long snapshotId) {
    for (StatisticsFile known : table.statisticsFiles()) {
      if (known.path().equals(pointer.location())) {
        return new GenericStatisticsFile(
            snapshotId,
            known.path(),
            known.fileSizeInBytes(),
            known.fileFooterSizeInBytes(),
            List.of());
      }
    }
    // Another tool replaced the entry (one statistics file per snapshot): read the Puffin footer.
    InputFile file = table.io().newInputFile(pointer.location());
    long length = file.getLength();
    byte[] tail = new byte[12];
    try (SeekableInputStream in = file.newStream()) {
      in.seek(length - tail.length);
      int read = 0;
      while (read < tail.length) {
        int n = in.read(tail, read, tail.length - read);
        if (n < 0) {
          throw new IOException("Unexpected end of " + pointer.location());
        }
        read += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read ledger file " + pointer.location(), e);
    }
    // Puffin footer: magic, payload, payload size (int32 LE), flags, magic.
    int payload = ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return new GenericStatisticsFile(
        snapshotId, pointer.location(), length, payload + 16L, List.of());
  }

  /**
   * Commits the snapshot that {@code stage} builds on {@code txn} (a maintenance commit on {@code
   * branch}) carrying the ledger of the branch head, and registers the ledger file for the new
   * snapshot in the same commit. When an append moves the ledger meanwhile, stages again (up to 8
   * times) on the refreshed table; other failures propagate.
   */
  public static void commit(
      Table table, String branch, Function<Transaction, SnapshotUpdate<?>> stage) {
    for (int attempt = 1; ; attempt++) {
      table.refresh(); // a stale head would carry an older ledger, or none
      Snapshot head = table.snapshot(branch);
      Pointer pointer = pointer(table, head);
      Transaction txn = table.newTransaction();
      SnapshotUpdate<?> update = stage.apply(txn);
      if (pointer == null) {
        from(table, head).forEach(update::set); // not migrated yet: the summary ledger
        update.commit();
        txn.commitTransaction();
        return;
      }
      pointer.setOn(update);
      Moved check = new Moved(pointer);
      update.validateWith(check);
      try {
        update.commit();
        long snapshotId = txn.table().snapshot(branch).snapshotId();
        txn.updateStatistics().setStatistics(statistics(table, pointer, snapshotId)).commit();
        txn.commitTransaction();
        return;
      } catch (ValidationException e) {
        if (!check.moved || attempt >= MAINTENANCE_ATTEMPTS) {
          throw check.moved
              ? new CommitFailedException(e, "Cannot commit: the exactly-once ledger kept moving")
              : e;
        }
      }
    }
  }

  /**
   * The summary ledger (earlier Floe versions) to set on a snapshot committed on top of {@code
   * start}: that of the newest append below it (or, if every append has expired, of the newest
   * carried one), plus {@link #CARRIED}; empty if no snapshot holds one.
   */
  public static Map<String, String> from(Table table, Snapshot start) {
    Map<String, String> fallback = null;
    if (start == null) {
      return Map.of();
    }
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(start.snapshotId(), table::snapshot)) {
      Map<String, String> summary = snapshot.summary();
      if (summary == null) {
        continue;
      }
      if (summary.containsKey(LEDGER)) {
        return Map.of(); // a ledger file is newer than any summary ledger below it
      }
      Map<String, String> ledger = new TreeMap<>();
      summary.forEach(
          (key, value) -> {
            if (key.startsWith(COMMITTED_PREFIX)) {
              ledger.put(key, value);
            }
          });
      if (ledger.isEmpty()) {
        continue;
      }
      if (!summary.containsKey(CARRIED)) {
        return carried(ledger);
      }
      if (fallback == null) {
        fallback = ledger;
      }
    }
    return fallback == null ? Map.of() : carried(fallback);
  }

  private static boolean hasSummaryLedger(Map<String, String> summary) {
    for (String key : summary.keySet()) {
      if (key.startsWith(COMMITTED_PREFIX)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, String> carried(Map<String, String> ledger) {
    ledger.put(CARRIED, "true");
    return ledger;
  }

  /** Fails an attempt whose parent names another ledger file than the one carried. */
  private static final class Moved implements SnapshotAncestryValidator {
    private final Pointer carried;
    private volatile boolean moved;

    private Moved(Pointer carried) {
      this.carried = carried;
    }

    @Override
    public boolean validate(Iterable<Snapshot> ancestors) {
      moved = !carried.equals(pointer(ancestors));
      return !moved;
    }

    @Override
    public String errorMessage() {
      return "the exactly-once ledger moved to a newer file since " + carried.location();
    }
  }
}
