package dev.floe.compaction;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;
import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkState;

import dev.floe.catalog.internal.CarriedLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Deletes data older than a window as an ordinary delete snapshot: older snapshots, and so every
 * pin, still see the rows until they are expired (which pins prevent). Whole files only: a file
 * whose newest value in the time column is older than the cutoff goes; a file that straddles the
 * cutoff stays (partition by day or hour of that column and no file straddles it for long).
 *
 * <pre>{@code
 * Compaction.expirePartitions(table).column("event_ts").olderThan(Duration.ofDays(90)).commit();
 * }</pre>
 */
public final class PartitionTtl {
  private final Table table;
  private String branch = SnapshotRef.MAIN_BRANCH;
  private String column;
  private Duration olderThan;
  private Instant now;

  PartitionTtl(Table table) {
    this.table = table;
  }

  /** A timestamp, timestamptz or date column, best the source of a day/hour partition. */
  public PartitionTtl column(String name) {
    Types.NestedField field = table.schema().findField(Objects.requireNonNull(name, "column"));
    checkArgument(field != null, "Cannot expire %s by %s: no such column", table.name(), name);
    Type.TypeID type = field.type().typeId();
    checkArgument(
        type == Type.TypeID.TIMESTAMP || type == Type.TypeID.DATE,
        "Cannot expire %s by %s: column is %s, not a timestamp or date",
        table.name(),
        name,
        field.type());
    this.column = name;
    return this;
  }

  public PartitionTtl olderThan(Duration window) {
    this.olderThan = Checks.notNegative(window, "TTL window");
    return this;
  }

  public PartitionTtl toBranch(String branch) {
    this.branch = Objects.requireNonNull(branch, "branch");
    return this;
  }

  /** The instant the window is measured from (default: the clock at commit). */
  public PartitionTtl now(Instant now) {
    this.now = Objects.requireNonNull(now, "now");
    return this;
  }

  /**
   * Deletes the expired files in one snapshot; a result with a null snapshot if there were none.
   */
  public Result commit() {
    checkState(
        column != null && olderThan != null,
        "Cannot expire partitions of %s: set column(..) and olderThan(..)",
        table.name());
    Snapshot head = table.snapshot(branch);
    if (head == null) {
      return new Result(0, 0, 0, null);
    }
    Instant cutoff = (now == null ? Instant.now() : now).minus(olderThan);
    Types.NestedField field = table.schema().findField(column);
    long cutoffValue =
        field.type().typeId() == Type.TypeID.DATE
            ? ChronoUnit.DAYS.between(Instant.EPOCH, cutoff)
            : ChronoUnit.MICROS.between(Instant.EPOCH, cutoff);
    Object literal =
        field.type().typeId() == Type.TypeID.DATE ? (Object) (int) cutoffValue : cutoffValue;

    List<DataFile> expired = new ArrayList<>();
    int straddling = 0;
    try (CloseableIterable<FileScanTask> tasks =
        table
            .newScan()
            .useSnapshot(head.snapshotId())
            .filter(Expressions.lessThan(column, literal))
            .includeColumnStats()
            .planFiles()) {
      for (FileScanTask task : tasks) {
        ByteBuffer upper =
            task.file().upperBounds() == null
                ? null
                : task.file().upperBounds().get(field.fieldId());
        Object newest = upper == null ? null : Conversions.fromByteBuffer(field.type(), upper);
        long value = newest == null ? Long.MAX_VALUE : ((Number) newest).longValue();
        if (value < cutoffValue) {
          expired.add(task.file());
        } else {
          straddling++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan partition TTL of " + table.name(), e);
    }
    if (expired.isEmpty()) {
      return new Result(0, 0, straddling, null);
    }
    CarriedLedger.commit(
        table,
        branch,
        txn -> {
          DeleteFiles delete = txn.newDelete().toBranch(branch);
          // Fails the commit if another writer removed one of these files meanwhile.
          delete.validateFilesExist();
          expired.forEach(delete::deleteFile);
          return delete;
        });
    return new Result(
        expired.size(),
        expired.stream().mapToLong(DataFile::recordCount).sum(),
        straddling,
        table.snapshot(branch).snapshotId());
  }

  /** Files and rows the TTL deleted, files kept because they straddle the cutoff, the snapshot. */
  public record Result(int deletedFiles, long deletedRows, int straddlingFiles, Long snapshotId) {}
}
