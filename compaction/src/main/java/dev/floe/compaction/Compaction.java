package dev.floe.compaction;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkNotNull;

import dev.floe.catalog.CatalogMode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import org.apache.iceberg.Table;

/**
 * The one entry point of the maintenance jobs, one factory per job as Iceberg's {@code
 * ActionsProvider}: each returns a builder that does nothing until its {@code commit()} (or {@code
 * plan()}, a dry run).
 *
 * <pre>{@code
 * Compaction.binPack(table).toBranch("exp").commit();
 * Compaction.expireSnapshots(table).maxSnapshotAge(Duration.ofDays(7)).commit();
 * Compaction.removeOrphans(table).olderThan(Duration.ofDays(3)).plan();
 * }</pre>
 *
 * <p>A job that takes a {@link ResolvedTable} (e.g. {@code floe.tables().resolve("db.t@exp")})
 * writes to the branch it names; a tag or Nessie commit is read-only and throws {@link
 * IllegalArgumentException}. Jobs that take only a {@link Table} write to {@code main} unless their
 * {@code toBranch(..)} says otherwise.
 */
public final class Compaction {
  private Compaction() {}

  /** Bin-packs the small data files of {@code table}'s {@code main} (or {@code toBranch(..)}). */
  public static BinPack binPack(Table table) {
    return new BinPack(checkNotNull(table, "table"));
  }

  /** Rewrites the main branch's data manifests into few, larger ones. */
  public static ManifestRewrite rewriteManifests(Table table) {
    return new ManifestRewrite(checkNotNull(table, "table"));
  }

  /** Expires old snapshots of every branch of {@code table}; tags (pins) keep theirs. */
  public static Retention expireSnapshots(Table table) {
    return new Retention(checkNotNull(table, "table"));
  }

  /** Finds (and, if asked, deletes) files under {@code table}'s location that no ref uses. */
  public static Orphans removeOrphans(Table table) {
    return new Orphans(checkNotNull(table, "table"));
  }

  /**
   * As {@link #removeOrphans(Table)} for a table of a Nessie catalog ({@code db.t}, no ref): a file
   * is live if any Nessie branch or tag reaches it, at its head or within its history window.
   */
  public static NessieCollection removeNessieOrphans(Floe floe, String table) {
    return new NessieCollection(checkNotNull(floe, "floe"), checkNotNull(table, "table"));
  }

  /** Moves {@code table}'s old data files on {@code main} (or {@code toBranch(..)}) cold. */
  public static Tiering tier(Table table) {
    return new Tiering(checkNotNull(table, "table"));
  }

  /** A health report of {@code table}'s {@code main} (or {@code ref(..)}) from its metadata. */
  public static dev.floe.compaction.health.HealthReports health(Table table) {
    return dev.floe.compaction.health.HealthReports.of(checkNotNull(table, "table"));
  }

  /** Deletes {@code table}'s data older than a window on {@code main} (or {@code toBranch(..)}). */
  public static PartitionTtl expirePartitions(Table table) {
    return new PartitionTtl(checkNotNull(table, "table"));
  }

  /**
   * Compaction, tiering, expiry and orphan removal of one table's metadata, in that order: expiry
   * and orphans see this table's refs only.
   */
  public static Maintenance maintain(Table table) {
    return new Maintenance(checkNotNull(table, "table"), null, null);
  }

  // The jobs on the branch a ResolvedTable names: a tag or Nessie commit is refused here.

  /** Bin-packs the small data files of the branch {@code resolved} names. */
  public static BinPack binPack(ResolvedTable resolved) {
    return binPack(resolved.table()).toBranch(Checks.branch(resolved, "compact"));
  }

  /** Moves old data files of the branch {@code resolved} names into the cold tier. */
  public static Tiering tier(ResolvedTable resolved) {
    return tier(resolved.table()).toBranch(Checks.branch(resolved, "tier"));
  }

  /** Deletes data older than a window on the branch {@code resolved} names. */
  public static PartitionTtl expirePartitions(ResolvedTable resolved) {
    return expirePartitions(resolved.table())
        .toBranch(Checks.branch(resolved, "expire partitions of"));
  }

  /**
   * Maintenance of {@code table} ({@code db.t} or {@code db.t@branch}; compaction and tiering write
   * to that branch, a tag throws {@link IllegalArgumentException}). Expiry and orphan removal cover
   * the whole table whatever the branch: they keep every branch's and tag's files. In nessie mode,
   * expiry is skipped and orphans are collected across every Nessie branch and tag ({@link
   * #removeNessieOrphans}); otherwise this is {@link #maintain(Table)}.
   */
  public static Maintenance maintain(Floe floe, String table) {
    checkNotNull(floe, "floe");
    checkNotNull(table, "table");
    ResolvedTable resolved = floe.tables().resolve(table);
    String branch = Checks.branch(resolved, "maintain");
    boolean nessie = floe.config().mode() == CatalogMode.NESSIE;
    String name = resolved.name().identifier().toString();
    return new Maintenance(resolved.table(), nessie ? floe : null, nessie ? name : null)
        .toBranch(branch);
  }
}
