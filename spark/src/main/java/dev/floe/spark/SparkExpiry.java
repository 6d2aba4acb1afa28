package dev.floe.spark;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.ExpireSnapshots;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;

/**
 * Snapshot expiry through Iceberg's {@code ExpireSnapshots} Spark action (files deleted by Spark's
 * executors), with Floe's rule that a pinned (tagged) snapshot is never expired: Iceberg keeps
 * every snapshot a branch or tag references, except a tag past its {@code max-ref-age-ms}, which
 * the same commit would drop; such a tag makes this refuse. Tables with {@code gc.enabled=false}
 * (Nessie mode) are refused: retention there follows every Nessie reference, as Floe's own expiry
 * does. Start with {@link FloeSpark#expire}.
 */
public final class SparkExpiry {
  private final SparkSession spark;
  private final Table table;
  private Instant olderThan;
  private Integer retainLast;

  SparkExpiry(SparkSession spark, Table table) {
    this.spark = spark;
    this.table = table;
  }

  /** Expires snapshots older than {@code time}; required. */
  public SparkExpiry olderThan(Instant time) {
    this.olderThan = Objects.requireNonNull(time, "time");
    return this;
  }

  /** Keeps at least the newest {@code count} snapshots of each branch. */
  public SparkExpiry retainLast(int count) {
    if (count < 1) {
      throw new IllegalArgumentException(
          "Number of snapshots to retain must be at least 1, cannot be: " + count);
    }
    this.retainLast = count;
    return this;
  }

  /** What expiry deleted. */
  public record Result(long deletedDataFiles, long deletedManifests, long deletedManifestLists) {}

  /** Expires and deletes the files only expired snapshots held. */
  public Result commit() {
    if (olderThan == null) {
      throw new IllegalStateException(
          "Cannot expire snapshots of " + table.name() + ": no olderThan set");
    }
    table.refresh();
    if (!Boolean.parseBoolean(table.properties().getOrDefault("gc.enabled", "true"))) {
      throw new IllegalArgumentException(
          "Cannot expire snapshots of "
              + table.name()
              + " on Spark: gc.enabled is false (a Nessie-mode table); use Floe's expiry, which"
              + " keeps what every Nessie reference reaches");
    }
    long now = System.currentTimeMillis();
    for (Map.Entry<String, SnapshotRef> ref : table.refs().entrySet()) {
      SnapshotRef value = ref.getValue();
      Long maxAge = value.maxRefAgeMs();
      if (value.isTag()
          && maxAge != null
          && now - table.snapshot(value.snapshotId()).timestampMillis() > maxAge) {
        throw new IllegalArgumentException(
            String.format(
                "Cannot expire snapshots of %s: tag %s (snapshot %s) is past its max-ref-age-ms"
                    + " %s and would be dropped; Floe never expires a pinned snapshot: remove the"
                    + " tag's max age or the tag first",
                table.name(), ref.getKey(), value.snapshotId(), maxAge));
      }
    }
    ExpireSnapshots action =
        SparkActions.get(spark).expireSnapshots(table).expireOlderThan(olderThan.toEpochMilli());
    if (retainLast != null) {
      action.retainLast(retainLast);
    }
    ExpireSnapshots.Result result = action.execute();
    return new Result(
        result.deletedDataFilesCount(),
        result.deletedManifestsCount(),
        result.deletedManifestListsCount());
  }
}
