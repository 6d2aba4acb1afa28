package dev.floe.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.spark.actions.RewriteDataFilesSparkAction;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;

/**
 * Compaction of one branch of a table ({@code main} unless {@link #toBranch}) through Iceberg's
 * {@code RewriteDataFiles} Spark action (bin-pack), with Floe's rule that the exactly-once ledger
 * is carried into the rewrite snapshot: the ledger file of the branch head is named in the new
 * snapshot's summary and registered as its statistics file, so expiring the snapshots below cannot
 * lose it. Other branches are left as they are. Start with {@link FloeSpark#compact}.
 *
 * <p>If a writer appends to the branch (moving the ledger) while Spark rewrites, the rewrite commit
 * lands on top of that append naming the older ledger file; this is detected after the commit and a
 * snapshot naming the newer file follows at once on the same branch (on {@code main} a manifest
 * rewrite that rewrites nothing; elsewhere an append of no files, since Iceberg's manifest rewrite
 * cannot target a branch). Between the two commits a reader of the head sees the older ledger:
 * Floe's own compaction ({@code Compaction}) validates the ledger inside the commit and has no such
 * window.
 */
public final class SparkCompaction {
  private final SparkSession spark;
  private final Table table;
  private final Map<String, String> options = new LinkedHashMap<>();
  private String branch = SnapshotRef.MAIN_BRANCH;

  SparkCompaction(SparkSession spark, Table table) {
    this.spark = spark;
    this.table = table;
  }

  /** Compacts {@code name}, a branch of the table, instead of {@code main}; checked on commit. */
  public SparkCompaction toBranch(String name) {
    Objects.requireNonNull(name, "branch");
    if (name.isBlank()) {
      throw new IllegalArgumentException("Invalid branch name: empty");
    }
    this.branch = name;
    return this;
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

  /**
   * Rewrites and commits on the branch; returns what changed.
   *
   * @throws IllegalArgumentException if the branch does not exist or is a tag
   */
  public Result commit() {
    table.refresh();
    Snapshot head = head();
    if (head == null) {
      return new Result(0, 0, null, false);
    }
    Map<String, String> carried = SparkLedger.carry(table, head);
    String marker = UUID.randomUUID().toString();
    RewriteDataFilesSparkAction action =
        SparkActions.get(spark)
            .rewriteDataFiles(table)
            .binPack()
            .toBranch(branch)
            // one commit, so one snapshot carries the ledger
            .option(RewriteDataFiles.PARTIAL_PROGRESS_ENABLED, "false")
            .snapshotProperty(SparkLedger.MARKER, marker);
    options.forEach(action::option);
    carried.forEach(action::snapshotProperty);
    RewriteDataFiles.Result result = action.execute();
    table.refresh();
    Snapshot rewrite = SparkLedger.find(table, branch, marker);
    if (rewrite == null) {
      if (result.rewrittenDataFilesCount() > 0) {
        throw new IllegalStateException(
            String.format(
                "Cannot find the rewrite of %s on branch %s (marker %s): was the branch reset"
                    + " meanwhile? Check the branch's data before the next compaction",
                table.name(), branch, marker));
      }
      return new Result(0, 0, null, false);
    }
    boolean carriedLedger = !carried.isEmpty();
    if (carriedLedger) {
      SparkLedger.ensureCarried(table, branch, rewrite, carried);
    }
    return new Result(
        result.rewrittenDataFilesCount(),
        result.addedDataFilesCount(),
        rewrite.snapshotId(),
        carriedLedger);
  }

  // The branch head; checks here, since Spark's action reads a tag as a branch and does nothing
  // while main has no snapshot, which would look like "nothing to rewrite".
  private Snapshot head() {
    SnapshotRef ref = table.refs().get(branch);
    if (ref == null && !SnapshotRef.MAIN_BRANCH.equals(branch)) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot compact %s on Spark: it has no branch '%s' (it has: %s)",
              table.name(), branch, branches()));
    }
    if (ref != null && ref.isTag()) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot compact %s on Spark: '%s' is a tag, and a tag cannot be written (branches:"
                  + " %s)",
              table.name(), branch, branches()));
    }
    if (ref != null && table.currentSnapshot() == null) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot compact branch %s of %s on Spark: main has no snapshot, and Iceberg 1.11's"
                  + " RewriteDataFiles then rewrites nothing; use Floe's compaction",
              branch, table.name()));
    }
    return ref == null ? null : table.snapshot(ref.snapshotId());
  }

  private String branches() {
    return table.refs().entrySet().stream()
        .filter(e -> e.getValue().isBranch())
        .map(Map.Entry::getKey)
        .sorted()
        .toList()
        .toString();
  }
}
