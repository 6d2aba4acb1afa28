package dev.floe.compaction;

import dev.floe.catalog.Floe;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.util.PropertyUtil;

/**
 * One idempotent maintenance job: compaction (and manifest rewrite), tiering, retention, orphan
 * removal, in that order, so expiry frees what compaction and tiering replaced and orphan removal
 * sees the final metadata. Every step commits its own snapshots and is safe to re-run after a
 * crash: a re-run plans from the table as it is and finds only what is left.
 *
 * <p>On a Nessie catalog ({@link Compaction#maintain(Floe, String)} in nessie mode), where tables
 * have {@code gc.enabled=false} because branches and tags share files, snapshot expiry is skipped
 * (Nessie keeps the history) and orphan removal is {@link NessieCollection}: files no reference
 * reaches, at its head or within its history window, are collected.
 *
 * <p>Orphan removal is a dry run unless the policy says {@code orphans.delete=true} (the CLI's
 * {@code --delete}), as for {@link Orphans}: the run reports what it would delete. Deleting with an
 * orphan window below {@link Orphans#MIN_SAFE_AGE} is refused unless {@link #force(boolean)}.
 */
public final class Maintenance {
  private final Table table;
  // Non-null in nessie mode: collection across every Nessie reference replaces expiry and Orphans.
  private final Floe nessieFloe;
  private final String nessieTable;
  private MaintenancePolicy policy = MaintenancePolicy.defaults();
  private String branch = SnapshotRef.MAIN_BRANCH;
  private Consumer<String> progress = line -> {};
  private boolean force;

  Maintenance(Table table, Floe nessieFloe, String nessieTable) {
    this.table = table;
    this.nessieFloe = nessieFloe;
    this.nessieTable = nessieTable;
  }

  public Maintenance policy(MaintenancePolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** The branch compaction and tiering rewrite; retention and orphans cover the whole table. */
  public Maintenance toBranch(String branch) {
    this.branch = Objects.requireNonNull(branch, "branch");
    return this;
  }

  /** Receives a line as each step starts and ends (e.g. for stderr). */
  public Maintenance progress(Consumer<String> listener) {
    this.progress = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Allows deleting orphans with a window below {@link Orphans#MIN_SAFE_AGE}: only when no writer
   * runs, since files of a commit in flight are in no snapshot yet.
   */
  public Maintenance force(boolean force) {
    this.force = force;
    return this;
  }

  /** True when this run deletes orphan files ({@code orphans.delete=true}); else a dry run. */
  public boolean deletesOrphans() {
    return policy.flag(MaintenancePolicy.ORPHANS_DELETE, false);
  }

  /**
   * The orphan window of this run: the policy's {@code orphans.older-than}, else the table's {@code
   * floe.compaction.orphan-older-than-ms} (default 3 days).
   */
  public Duration orphanWindow() {
    Duration window = policy.durationValue(MaintenancePolicy.ORPHANS_OLDER_THAN);
    return window != null
        ? window
        : Duration.ofMillis(
            PropertyUtil.propertyAsLong(
                table.properties(),
                CompactionProperties.ORPHAN_OLDER_THAN_MS,
                CompactionProperties.ORPHAN_OLDER_THAN_MS_DEFAULT));
  }

  /** Runs the four steps in order; each commits its own snapshots. */
  public MaintenanceResult commit() {
    boolean delete = deletesOrphans();
    // Refuse before compacting: a run that stops at step 4 would have done half its work.
    refuseUnsafeDelete(delete);
    long started = System.nanoTime();
    CompactionResult compaction = compact();
    ManifestRewrite.Result manifests = rewriteManifests();
    TierResult tiering = tier();
    RetentionResult expired = expireSnapshots();
    List<OrphanFile> orphans = removeOrphans(delete);
    return new MaintenanceResult(
        compaction,
        manifests,
        tiering,
        expired,
        orphans,
        delete,
        Duration.ofNanos(System.nanoTime() - started));
  }

  private void refuseUnsafeDelete(boolean delete) {
    if (delete && !force && orphanWindow().compareTo(Orphans.MIN_SAFE_AGE) < 0) {
      throw new ValidationException(
          "Cannot delete orphan files younger than %s (orphan window %s): files of a commit in"
              + " flight are in no snapshot yet; force it only when no writer runs",
          Orphans.MIN_SAFE_AGE, orphanWindow());
    }
  }

  /** Step 1: bin-pack the branch with the policy's {@code compact.*} settings. */
  private CompactionResult compact() {
    progress.accept("[1/4] compacting " + table.name() + "@" + branch);
    CompactionResult result = binPack().commit();
    progress.accept(
        String.format(
            "      %d groups, %d files -> %d, %d failed, %d left",
            result.groups(),
            result.rewrittenFiles(),
            result.addedFiles(),
            result.failures().size(),
            result.skippedGroups()));
    return result;
  }

  /** The bin-pack step as the policy configures it; the table's settings fill the gaps. */
  BinPack binPack() {
    BinPack binPack = Compaction.binPack(table).toBranch(branch);
    Long target = policy.targetFileSizeBytes();
    if (target != null) {
      binPack.targetFileSizeBytes(target);
    }
    ifSet(MaintenancePolicy.MIN_INPUT_FILES, n -> binPack.minInputFiles(Math.toIntExact(n)));
    ifSet(MaintenancePolicy.MAX_BYTES_PER_RUN, binPack::maxBytesPerRun);
    ifSet(MaintenancePolicy.PARALLELISM, n -> binPack.parallelism(Math.toIntExact(n)));
    return binPack;
  }

  /** Step 1, continued: merge main's manifests unless the policy turns it off. */
  private ManifestRewrite.Result rewriteManifests() {
    if (!policy.flag(MaintenancePolicy.REWRITE_MANIFESTS, true)
        || !SnapshotRef.MAIN_BRANCH.equals(branch)) {
      return null;
    }
    ManifestRewrite.Result result = Compaction.rewriteManifests(table).commit();
    progress.accept(
        String.format(
            "      manifests %d -> %d", result.rewrittenManifests(), result.addedManifests()));
    return result;
  }

  /** Step 2: move old files cold, when the policy has tier rules. */
  private TierResult tier() {
    if (!policy.tiering()) {
      progress.accept("[2/4] tiering: no tier rules in the policy, skipped");
      return null;
    }
    String location = policy.get(MaintenancePolicy.TIER_COLD_LOCATION);
    progress.accept("[2/4] tiering into " + location);
    Tiering tier =
        Compaction.tier(table)
            .toBranch(branch)
            .coldLocation(location)
            .coldAfter(policy.durationValue(MaintenancePolicy.TIER_COLD_AFTER));
    if (policy.get(MaintenancePolicy.TIER_COLD_STORAGE_CLASS) != null) {
      tier.coldStorageClass(policy.get(MaintenancePolicy.TIER_COLD_STORAGE_CLASS));
    }
    if (policy.get(MaintenancePolicy.TIER_COLD_CODEC) != null) {
      tier.coldCodec(policy.get(MaintenancePolicy.TIER_COLD_CODEC));
    }
    TierResult result = tier.commit();
    progress.accept(
        String.format(
            "      moved %d files, hot %d files / cold %d files",
            result.movedFiles(), result.after().hotFiles(), result.after().coldFiles()));
    return result;
  }

  /** Step 3: expire snapshots of every branch; skipped under Nessie, which keeps the history. */
  private RetentionResult expireSnapshots() {
    if (nessieFloe != null) {
      progress.accept(
          "[3/4] expiring snapshots: skipped in nessie mode (gc.enabled=false: Nessie keeps the"
              + " history, files are collected by reachability from every branch and tag)");
      return null;
    }
    progress.accept("[3/4] expiring snapshots of every branch (pins are kept)");
    Retention retention = Compaction.expireSnapshots(table);
    Duration olderThan = policy.durationValue(MaintenancePolicy.EXPIRE_OLDER_THAN);
    if (olderThan != null) {
      retention.maxSnapshotAge(olderThan);
    }
    ifSet(
        MaintenancePolicy.EXPIRE_RETAIN_LAST,
        n -> retention.minSnapshotsToKeep(Math.toIntExact(n)));
    RetentionResult result = retention.commit();
    progress.accept(
        String.format(
            "      expired %d snapshots, deleted %d data files",
            result.expiredSnapshots(), result.deletedDataFiles()));
    return result;
  }

  /** Step 4: list (or delete) orphans; under Nessie, across every branch and tag. */
  private List<OrphanFile> removeOrphans(boolean delete) {
    OrphanRemoval<?> orphans;
    if (nessieFloe != null) {
      progress.accept("[4/4] removing orphan files (Nessie-aware: every branch and tag)");
      orphans = Compaction.removeNessieOrphans(nessieFloe, nessieTable);
    } else {
      progress.accept("[4/4] removing orphan files");
      orphans = Compaction.removeOrphans(table);
    }
    Duration window = policy.durationValue(MaintenancePolicy.ORPHANS_OLDER_THAN);
    if (window != null) {
      orphans.olderThan(window);
    }
    if (policy.tiering()) {
      orphans.location(policy.get(MaintenancePolicy.TIER_COLD_LOCATION));
    }
    List<OrphanFile> found = delete ? orphans.deleteOrphans() : orphans.plan();
    progress.accept(
        String.format("      %d orphan files %s", found.size(), delete ? "deleted" : "found"));
    return found;
  }

  private void ifSet(String key, LongConsumer setter) {
    Long value = policy.longValue(key);
    if (value != null) {
      setter.accept(value);
    }
  }
}
