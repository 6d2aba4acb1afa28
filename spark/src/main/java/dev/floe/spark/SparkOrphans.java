package dev.floe.spark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;

/**
 * Orphan file removal through Iceberg's {@code DeleteOrphanFiles} Spark action (the listing and the
 * comparison run on Spark), with Floe's rule that the exactly-once ledger files are kept: any file
 * a snapshot summary names as its ledger, or the table lists as a statistics file, is never
 * deleted, even when no snapshot registers it. Tables with {@code gc.enabled=false} (Nessie mode)
 * are refused, as for {@link SparkExpiry}. Start with {@link FloeSpark#removeOrphans}.
 */
public final class SparkOrphans {
  private final SparkSession spark;
  private final Table table;
  private Instant olderThan;
  private boolean delete = true;

  SparkOrphans(SparkSession spark, Table table) {
    this.spark = spark;
    this.table = table;
  }

  /**
   * Only files last modified before {@code time} count as orphans (a writer's files not committed
   * yet are younger); required.
   */
  public SparkOrphans olderThan(Instant time) {
    this.olderThan = Objects.requireNonNull(time, "time");
    return this;
  }

  /**
   * Whether to delete the orphans (the default) or only list them: a dry run returns them as {@code
   * deleted} without touching them.
   */
  public SparkOrphans delete(boolean delete) {
    this.delete = delete;
    return this;
  }

  /**
   * @param deleted the orphan files deleted (in a dry run: that would be deleted)
   * @param kept the files Iceberg listed as orphans but Floe kept (ledger files)
   */
  public record Result(List<String> deleted, List<String> kept) {
    public Result {
      deleted = List.copyOf(deleted);
      kept = List.copyOf(kept);
    }
  }

  /** Lists the orphans and deletes them, except ledger files. */
  public Result execute() {
    if (olderThan == null) {
      throw new IllegalStateException(
          "Cannot remove orphan files of " + table.name() + ": no olderThan set");
    }
    table.refresh();
    if (!Boolean.parseBoolean(table.properties().getOrDefault("gc.enabled", "true"))) {
      throw new IllegalArgumentException(
          "Cannot remove orphan files of "
              + table.name()
              + " on Spark: gc.enabled is false (a Nessie-mode table); use Floe's, which keeps"
              + " what every Nessie reference reaches");
    }
    Set<String> ledger = SparkLedger.files(table);
    List<String> kept = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    SparkActions.get(spark)
        .deleteOrphanFiles(table)
        .olderThan(olderThan.toEpochMilli())
        .deleteWith(
            location -> {
              if (ledger.contains(SparkLedger.normalized(location))) {
                synchronized (kept) {
                  kept.add(location);
                }
              } else {
                if (delete) {
                  table.io().deleteFile(location);
                }
                synchronized (deleted) {
                  deleted.add(location);
                }
              }
            })
        .execute();
    return new Result(deleted, kept);
  }
}
