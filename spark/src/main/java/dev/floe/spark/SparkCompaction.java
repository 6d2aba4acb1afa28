package dev.floe.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;

/**
 * Compaction of a table's {@code main} branch through Iceberg's {@code RewriteDataFiles} Spark
 * action (bin-pack), with Floe's rule that the exactly-once ledger is carried into the rewrite
 * snapshot: the ledger file of the head is named in the new snapshot's summary and registered as
 * its statistics file, so expiring the snapshots below cannot lose it. Start with {@link
 * FloeSpark#compact}.
 *
 * <p>If a writer appends (moving the ledger) while Spark rewrites, the rewrite commit lands on top
 * of that append naming the older ledger file; this is detected after the commit and a manifest
 * rewrite naming the newer file follows at once. Between the two commits a reader of the head sees
 * the older ledger: Floe's own compaction ({@code Compaction}) validates the ledger inside the
 * commit and has no such window. Other branches: not yet (the action has {@code toBranch}, but the
 * ledger checks here read {@code main}'s head).
 */
public final class SparkCompaction {
  private final SparkSession spark;
  private final Table table;
  private final Map<String, String> options = new LinkedHashMap<>();

  SparkCompaction(SparkSession spark, Table table) {
    this.spark = spark;
    this.table = table;
  }

  /** Target size of the rewritten files; the table's {@code write.target-file-size-bytes} else. */
  public SparkCompaction targetFileSizeBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("Invalid target file size: " + bytes);
    }
    return option(RewriteDataFiles.TARGET_FILE_SIZE_BYTES, String.valueOf(bytes));
  }

  /** An option of Iceberg's {@code RewriteDataFiles} ({@code min-input-files}, ...). */
  public SparkCompaction option(String name, String value) {
    options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** What a compaction did; {@code snapshotId} is null when there was nothing to rewrite. */
  public record Result(
      int rewrittenFiles, int addedFiles, Long snapshotId, boolean ledgerCarried) {}

  /** Rewrites and commits; returns what changed. */
  public Result commit() {
    table.refresh();
    Snapshot head = table.currentSnapshot();
    if (head == null) {
      return new Result(0, 0, null, false);
    }
    Map<String, String> carried = SparkLedger.carry(table, head);
    String marker = UUID.randomUUID().toString();
    RewriteDataFiles action =
        SparkActions.get(spark)
            .rewriteDataFiles(table)
            .binPack()
            // one commit, so one snapshot carries the ledger
            .option(RewriteDataFiles.PARTIAL_PROGRESS_ENABLED, "false")
            .snapshotProperty(SparkLedger.MARKER, marker);
    options.forEach(action::option);
    carried.forEach(action::snapshotProperty);
    RewriteDataFiles.Result result = action.execute();
    table.refresh();
    Snapshot rewrite = SparkLedger.find(table, marker);
    if (rewrite == null) {
      return new Result(0, 0, null, false);
    }
    boolean carriedLedger = !carried.isEmpty();
    if (carriedLedger) {
      SparkLedger.ensureCarried(table, rewrite, carried);
    }
    return new Result(
        result.rewrittenDataFilesCount(),
        result.addedDataFilesCount(),
        rewrite.snapshotId(),
        carriedLedger);
  }
}
