package dev.floe.compaction;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;

import dev.floe.catalog.exceptions.PinnedSnapshotException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Expires old snapshots of a table and deletes the files only they used, by reachability: a data or
 * delete file that an expired snapshot used and no retained one does is deleted, even when the
 * snapshot that removed it (the newest compaction, say) is retained. Snapshots that a tag (a Floe
 * pin) references are kept, and so are their files; if Iceberg would drop such a tag, nothing is
 * expired and a {@link PinnedSnapshotException} says which tag.
 *
 * <p>Expiry is table-wide, as in Iceberg: it covers every branch and tag of the table (each branch
 * keeps its {@link #minSnapshotsToKeep} newest snapshots), so it takes a {@link Table}, never a
 * ref. Nessie tables ({@code gc.enabled=false}) are not expired: see {@link NessieCollection}.
 *
 * <p>Defaults come from the table's {@link CompactionProperties}, then Iceberg's {@code
 * history.expire.*} properties, then the {@code _DEFAULT}s.
 */
public final class Retention {
  private final Table table;
  private Duration maxSnapshotAge;
  private int minSnapshotsToKeep;
  private Instant now;

  Retention(Table table) {
    this.table = table;
    Map<String, String> props = table.properties();
    this.maxSnapshotAge =
        Duration.ofMillis(
            PropertyUtil.propertyAsLong(
                props,
                CompactionProperties.MAX_SNAPSHOT_AGE_MS,
                PropertyUtil.propertyAsLong(
                    props,
                    TableProperties.MAX_SNAPSHOT_AGE_MS,
                    CompactionProperties.MAX_SNAPSHOT_AGE_MS_DEFAULT)));
    this.minSnapshotsToKeep =
        PropertyUtil.propertyAsInt(
            props,
            CompactionProperties.MIN_SNAPSHOTS_TO_KEEP,
            PropertyUtil.propertyAsInt(
                props,
                TableProperties.MIN_SNAPSHOTS_TO_KEEP,
                CompactionProperties.MIN_SNAPSHOTS_TO_KEEP_DEFAULT));
  }

  /** Snapshots older than {@code now - age} may be expired; zero means all but the kept ones. */
  public Retention maxSnapshotAge(Duration age) {
    checkMaxSnapshotAge(Objects.requireNonNull(age, "age"));
    this.maxSnapshotAge = age;
    return this;
  }

  /** Newest snapshots of each branch kept whatever their age. */
  public Retention minSnapshotsToKeep(int n) {
    checkMinSnapshotsToKeep(n);
    this.minSnapshotsToKeep = n;
    return this;
  }

  /**
   * The instant ages are measured from (default: the clock at commit). Only moves the cutoff: the
   * ages of refs with their own limits are still measured by Iceberg on the real clock.
   */
  public Retention now(Instant now) {
    this.now = Objects.requireNonNull(now, "now");
    return this;
  }

  /**
   * Expires, deletes the unreachable files, and reports what it did and what stays: files no branch
   * head uses but a retained older snapshot or a pin does. When something expires, every manifest
   * of the retained snapshots is read once (path column only) to decide reachability.
   */
  public RetentionResult commit() {
    long started = System.nanoTime();
    if (!PropertyUtil.propertyAsBoolean(
        table.properties(), TableProperties.GC_ENABLED, TableProperties.GC_ENABLED_DEFAULT)) {
      throw new org.apache.iceberg.exceptions.ValidationException(
          "Cannot expire snapshots of %s: %s is false (under Nessie, branches and tags share"
              + " files and Nessie keeps the history); free files by reachability with"
              + " Compaction.removeNessieOrphans (floe orphans in nessie mode)",
          table.name(), TableProperties.GC_ENABLED);
    }
    checkMaxSnapshotAge(maxSnapshotAge);
    checkMinSnapshotsToKeep(minSnapshotsToKeep);
    long cutoff = (now == null ? Instant.now() : now).minus(maxSnapshotAge).toEpochMilli();

    Set<String> manifests = ConcurrentHashMap.newKeySet();
    // Statistics files (the writers' ledger files among them) are neither data nor manifests.
    Set<String> statistics = ConcurrentHashMap.newKeySet();
    AtomicInteger deletedData = new AtomicInteger();
    AtomicInteger deletedManifests = new AtomicInteger();
    Set<String> deletedByIceberg = ConcurrentHashMap.newKeySet();
    ExpireSnapshots expire =
        table
            .expireSnapshots()
            .expireOlderThan(cutoff)
            .retainLast(minSnapshotsToKeep)
            .deleteWith(
                path -> {
                  table.io().deleteFile(path);
                  deletedByIceberg.add(path);
                  if (!statistics.contains(path)) {
                    (manifests.contains(path) ? deletedManifests : deletedData).incrementAndGet();
                  }
                });
    // apply() refreshes the table, so the checks see current refs. Iceberg read its ref-age clock
    // when expireSnapshots() ran: reading ours later makes our check the stricter one.
    List<Snapshot> expired = expire.apply();
    table.statisticsFiles().forEach(stats -> statistics.add(stats.path()));
    refuseDroppingTags(System.currentTimeMillis());
    Map<Long, Set<String>> tagged = taggedSnapshots();
    for (Snapshot snapshot : expired) {
      if (tagged.containsKey(snapshot.snapshotId())) {
        throw new PinnedSnapshotException(
            "Cannot expire snapshots of %s: snapshot %d is pinned by tag %s",
            table.name(), snapshot.snapshotId(), tagged.get(snapshot.snapshotId()));
      }
    }

    ExpiredFiles.Outcome unreachable = new ExpiredFiles.Outcome(0, 0, 0);
    if (!expired.isEmpty()) {
      // Whatever the cleanup deletes that is not listed here is a data (or delete) file.
      for (Snapshot snapshot : expired) {
        manifests.add(snapshot.manifestListLocation());
        snapshot.allManifests(table.io()).stream().map(ManifestFile::path).forEach(manifests::add);
      }
      ExpiredFiles files = ExpiredFiles.of(table, expired);
      expire.commit();
      unreachable = files.clean(table, deletedByIceberg);
    }

    int keptPinned =
        (int)
            tagged.keySet().stream()
                .map(table::snapshot)
                .filter(s -> s != null && s.timestampMillis() < cutoff)
                .count();
    return CompactionEvents.expiry(
        table,
        expired,
        new RetentionResult(
            expired.size(),
            deletedData.get() + unreachable.deleted(),
            deletedManifests.get(),
            keptPinned,
            unreachable.keptForHistory(),
            unreachable.keptForPins(),
            Duration.ofNanos(System.nanoTime() - started)));
  }

  /** Iceberg drops a tag older than its max ref age, and with it the pin on its snapshot. */
  private void refuseDroppingTags(long clockMillis) {
    long defaultMaxRefAge =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.MAX_REF_AGE_MS,
            TableProperties.MAX_REF_AGE_MS_DEFAULT);
    for (Map.Entry<String, SnapshotRef> entry : table.refs().entrySet()) {
      SnapshotRef ref = entry.getValue();
      Snapshot snapshot = table.snapshot(ref.snapshotId());
      if (!ref.isTag() || snapshot == null) {
        continue;
      }
      long maxRefAge = ref.maxRefAgeMs() != null ? ref.maxRefAgeMs() : defaultMaxRefAge;
      if (clockMillis - snapshot.timestampMillis() > maxRefAge) {
        throw new PinnedSnapshotException(
            "Cannot expire snapshots of %s: tag %s (snapshot %d) is older than its max ref age of"
                + " %d ms, so expiry would drop the pin; remove the tag's max ref age first",
            table.name(), entry.getKey(), snapshot.snapshotId(), maxRefAge);
      }
    }
  }

  private Map<Long, Set<String>> taggedSnapshots() {
    Map<Long, Set<String>> tagged = new TreeMap<>();
    table
        .refs()
        .forEach(
            (name, ref) -> {
              if (ref.isTag()) {
                tagged.computeIfAbsent(ref.snapshotId(), id -> new TreeSet<>()).add(name);
              }
            });
    return tagged;
  }

  private static void checkMaxSnapshotAge(Duration age) {
    Checks.notNegative(age, "max snapshot age");
  }

  private static void checkMinSnapshotsToKeep(int n) {
    checkArgument(n >= 1, "Invalid minimum snapshots to keep: %s (must be >= 1)", n);
  }
}
