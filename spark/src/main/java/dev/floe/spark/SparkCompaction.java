package dev.floe.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.iceberg.util.SnapshotUtil;
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
 * commit and has no such window. Other branches: Iceberg 1.11's action rewrites {@code main} only.
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
            .snapshotProperty(MARKER, marker);
    options.forEach(action::option);
    carried.forEach(action::snapshotProperty);
    RewriteDataFiles.Result result = action.execute();
    table.refresh();
    Snapshot rewrite = find(marker);
    if (rewrite == null) {
      return new Result(0, 0, null, false);
    }
    boolean carriedLedger = !carried.isEmpty();
    if (carriedLedger) {
      ensureCarried(rewrite, carried);
    }
    return new Result(
        result.rewrittenDataFilesCount(),
        result.addedDataFilesCount(),
        rewrite.snapshotId(),
        carriedLedger);
  }

  static final String MARKER = "floe.spark-maintenance";

  private Snapshot find(String marker) {
    for (Snapshot snapshot : table.snapshots()) {
      if (snapshot.summary() != null && marker.equals(snapshot.summary().get(MARKER))) {
        return snapshot;
      }
    }
    return null;
  }

  /**
   * Makes sure the ledger {@code target} names is the newest below it. If an append moved the
   * ledger while {@code target} was being committed (Spark's action retries on top of it), a
   * manifest-only snapshot naming the newer ledger is committed on top, and checked the same way.
   */
  private void ensureCarried(Snapshot first, Map<String, String> firstNamed) {
    Snapshot target = first;
    Map<String, String> named = firstNamed;
    for (int attempt = 0; attempt < 8; attempt++) {
      Map<String, String> below = SparkLedger.carry(table, table.snapshot(target.parentId()));
      if (below.equals(named) || newerLedgerAbove(target)) {
        String file = named.get(SparkLedger.LEDGER);
        if (file != null) {
          SparkLedger.register(table, file, target.snapshotId());
        }
        return;
      }
      String marker = UUID.randomUUID().toString();
      var update = table.rewriteManifests().rewriteIf(manifest -> false).set(MARKER, marker);
      below.forEach(update::set);
      update.commit();
      table.refresh();
      target = find(marker);
      named = below;
      if (target == null) {
        throw new IllegalStateException(
            "Cannot carry the exactly-once ledger of "
                + table.name()
                + ": the repair commit left no snapshot; run Floe's compaction to carry it");
      }
    }
    throw new CommitFailedException(
        "Cannot carry the exactly-once ledger of %s: it kept moving", table.name());
  }

  // Whether a snapshot above target (up to the head) names a ledger: readers find that one first.
  private boolean newerLedgerAbove(Snapshot target) {
    for (Snapshot snapshot :
        SnapshotUtil.ancestorsOf(table.currentSnapshot().snapshotId(), table::snapshot)) {
      if (snapshot.snapshotId() == target.snapshotId()) {
        return false;
      }
      Map<String, String> summary = snapshot.summary();
      if (summary != null
          && (summary.containsKey(SparkLedger.LEDGER) && !summary.containsKey(MARKER))) {
        return true;
      }
    }
    return false;
  }
}
