package dev.floe.compaction;

import dev.floe.catalog.internal.CarriedLedger;
import java.time.Duration;
import java.util.Objects;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Merges the data manifests of the main branch into few manifests, clustered by partition spec, so
 * planning a scan opens fewer files. Every append adds a manifest; compaction adds more.
 *
 * <p>Main only: Iceberg's manifest rewrite cannot target another branch.
 */
public final class ManifestRewrite {
  private final Table table;
  private int minManifests = 2;

  ManifestRewrite(Table table) {
    this.table = table;
  }

  /** Leave the table alone when it has fewer data manifests than this (default 2). */
  public ManifestRewrite minManifests(int n) {
    Checks.positive(n, "minimum manifests");
    this.minManifests = n;
    return this;
  }

  public Result commit() {
    long started = System.nanoTime();
    table.refresh();
    Snapshot current = table.currentSnapshot();
    long dataManifests =
        current == null
            ? 0
            : current.allManifests(table.io()).stream()
                .filter(m -> m.content() == ManifestContent.DATA)
                .count();
    if (dataManifests < minManifests) {
      return new Result(0, 0, null, Duration.ofNanos(System.nanoTime() - started));
    }
    CarriedLedger.commit(
        table,
        SnapshotRef.MAIN_BRANCH,
        txn ->
            txn.rewriteManifests()
                .rewriteIf(manifest -> manifest.content() == ManifestContent.DATA)
                .clusterBy(file -> file.specId()));
    Snapshot snapshot = table.currentSnapshot();
    return CompactionEvents.manifests(
        table,
        new Result(
            PropertyUtil.propertyAsInt(snapshot.summary(), "manifests-replaced", 0),
            PropertyUtil.propertyAsInt(snapshot.summary(), "manifests-created", 0),
            snapshot.snapshotId(),
            Duration.ofNanos(System.nanoTime() - started)));
  }

  /** What a manifest rewrite did; {@code snapshotId} is null when nothing was worth rewriting. */
  public record Result(
      int rewrittenManifests, int addedManifests, Long snapshotId, Duration elapsed) {
    public Result {
      Objects.requireNonNull(elapsed, "elapsed");
    }
  }
}
