package dev.floe.compaction.health;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;

import dev.floe.compaction.Compaction;
import dev.floe.compaction.CompactionProperties;
import dev.floe.compaction.TierReport;
import dev.floe.compaction.health.HealthReport.PartitionFiles;
import dev.floe.compaction.health.HealthReport.ProducerCommits;
import dev.floe.compaction.health.HealthReport.RefBytes;
import dev.floe.compaction.health.HealthReport.SnapshotPoint;
import dev.floe.compaction.health.HealthReport.Tiers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Gathers a {@link HealthReport}: {@code Compaction.health(table).ref("main").maxSnapshots(500)
 * .get()}.
 *
 * <p>Costs: one manifest scan per distinct head snapshot of the table's refs (for partition sizes,
 * ref bytes and tiers) and a walk of the ref's ancestry in the loaded metadata. Data files are
 * never opened.
 */
public final class HealthReports {
  /** Pin tags {@code floe pin} creates: {@code floe-pin-<snapshot id or Nessie hash>}. */
  public static final String PIN_TAG_PREFIX = "floe-pin-";

  public static final int MAX_SNAPSHOTS_DEFAULT = 500;

  // The writer's summary keys (IngestProperties in ingest, which compaction does not import).
  private static final String PRODUCER_ID = "floe.producer-id";
  private static final String PRODUCER_COUNT = "floe.producer-count";
  private static final String BATCHES_PREFIX = "floe.batches.";

  private final Table table;
  private String ref = SnapshotRef.MAIN_BRANCH;
  private int maxSnapshots = MAX_SNAPSHOTS_DEFAULT;
  private String coldLocation;

  private HealthReports(Table table) {
    this.table = Objects.requireNonNull(table, "table");
  }

  public static HealthReports of(Table table) {
    return new HealthReports(table);
  }

  /** The branch or tag whose head and ancestry the report describes (default main). */
  public HealthReports ref(String name) {
    this.ref = Objects.requireNonNull(name, "ref");
    return this;
  }

  /** At most this many of the newest snapshots in the per-snapshot series (default 500). */
  public HealthReports maxSnapshots(int max) {
    checkArgument(max >= 1, "Invalid snapshot cap: must be at least 1, cannot be: %s", max);
    this.maxSnapshots = max;
    return this;
  }

  /** The table's cold tier location, as given to {@code Compaction.tier(..).coldLocation(..)}. */
  public HealthReports coldLocation(String location) {
    this.coldLocation = location;
    return this;
  }

  /** The report as {@code table}'s loaded metadata stands (refresh it first for the newest). */
  public HealthReport get() {
    Snapshot head = table.snapshot(ref);
    checkArgument(
        head != null || SnapshotRef.MAIN_BRANCH.equals(ref),
        "Cannot report on %s: it has no branch or tag '%s' (it has: %s)",
        table.name(),
        ref,
        table.refs().keySet());
    Map<Long, List<DataFile>> live = new HashMap<>();
    List<DataFile> headFiles = head == null ? List.of() : files(head.snapshotId(), live);
    long target = CompactionProperties.targetFileSizeBytes(table.properties());
    long threshold = target / 4;
    List<Snapshot> ancestry = ancestry(head);
    int shown = Math.min(maxSnapshots, ancestry.size());
    List<SnapshotPoint> points = new ArrayList<>();
    for (Snapshot s : ancestry.subList(ancestry.size() - shown, ancestry.size())) {
      points.add(point(s));
    }
    return new HealthReport(
        table.name(),
        ref,
        head == null ? null : head.snapshotId(),
        target,
        threshold,
        partitions(headFiles, threshold),
        ancestry.size(),
        shown,
        points,
        producers(ancestry),
        refs(live),
        tiers(head, headFiles));
  }

  private List<PartitionFiles> partitions(List<DataFile> files, long threshold) {
    Map<String, long[]> byPartition = new TreeMap<>();
    for (DataFile f : files) {
      String partition =
          table.specs().get(f.specId()).isUnpartitioned()
              ? "(unpartitioned)"
              : f.specId() + "/" + table.specs().get(f.specId()).partitionToPath(f.partition());
      long size = f.fileSizeInBytes();
      long[] a =
          byPartition.computeIfAbsent(
              partition, p -> new long[] {0, 0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
      a[0]++;
      a[1] += size < threshold ? 1 : 0;
      a[2] += size;
      a[3] += f.recordCount();
      a[4] = Math.min(a[4], size);
      a[5] = Math.max(a[5], size);
    }
    List<PartitionFiles> out = new ArrayList<>();
    byPartition.forEach(
        (p, a) -> out.add(new PartitionFiles(p, a[0], a[1], a[2], a[3], a[4], a[5])));
    return out;
  }

  /** Oldest first. */
  private List<Snapshot> ancestry(Snapshot head) {
    List<Snapshot> out = new ArrayList<>();
    for (Snapshot s = head; s != null; ) {
      out.add(s);
      s = s.parentId() == null ? null : table.snapshot(s.parentId());
    }
    Collections.reverse(out);
    return out;
  }

  private static SnapshotPoint point(Snapshot s) {
    return new SnapshotPoint(
        s.snapshotId(),
        s.parentId(),
        s.timestampMillis(),
        s.operation(),
        total(s, "total-data-files"),
        total(s, "total-records"),
        total(s, "added-data-files"),
        total(s, "added-records"),
        producer(s));
  }

  static String producer(Snapshot s) {
    Map<String, String> summary = s.summary() == null ? Map.of() : s.summary();
    String producer = summary.get(PRODUCER_ID);
    if (producer != null) {
      return producer;
    }
    String counted = summary.get(PRODUCER_COUNT);
    long producers =
        counted != null
            ? Long.parseLong(counted)
            : summary.keySet().stream().filter(k -> k.startsWith(BATCHES_PREFIX)).count();
    return producers == 0 ? null : "group of " + producers + " producers";
  }

  private static List<ProducerCommits> producers(List<Snapshot> ancestry) {
    Map<String, long[]> counts = new TreeMap<>();
    for (Snapshot s : ancestry) {
      String producer = producer(s);
      if (producer != null) {
        long[] c = counts.computeIfAbsent(producer, p -> new long[2]);
        c[0]++;
        c[1] += total(s, "added-records");
      }
    }
    List<ProducerCommits> out = new ArrayList<>();
    counts.forEach((p, c) -> out.add(new ProducerCommits(p, c[0], c[1])));
    return out;
  }

  private List<RefBytes> refs(Map<Long, List<DataFile>> live) {
    Map<String, SnapshotRef> refs = new TreeMap<>(table.refs());
    // Which refs have each file live in their head; a file one ref alone holds is its exclusive.
    Map<String, Integer> holders = new HashMap<>();
    Map<Long, Boolean> counted = new HashMap<>();
    for (SnapshotRef r : refs.values()) {
      if (counted.put(r.snapshotId(), true) == null) {
        for (DataFile f : files(r.snapshotId(), live)) {
          holders.merge(f.location(), 1, Integer::sum);
        }
      }
    }
    Map<Long, Integer> refsPerSnapshot = new HashMap<>();
    refs.values().forEach(r -> refsPerSnapshot.merge(r.snapshotId(), 1, Integer::sum));
    List<RefBytes> out = new ArrayList<>();
    for (Map.Entry<String, SnapshotRef> e : refs.entrySet()) {
      SnapshotRef r = e.getValue();
      long bytes = 0;
      long exclusive = 0;
      List<DataFile> files = files(r.snapshotId(), live);
      // Two refs on one snapshot share all its files: neither frees anything alone.
      boolean shared = refsPerSnapshot.get(r.snapshotId()) > 1;
      for (DataFile f : files) {
        bytes += f.fileSizeInBytes();
        exclusive += !shared && holders.get(f.location()) == 1 ? f.fileSizeInBytes() : 0;
      }
      out.add(
          new RefBytes(
              e.getKey(),
              r.isBranch() ? "branch" : "tag",
              r.snapshotId(),
              files.size(),
              bytes,
              exclusive,
              r.isTag() && e.getKey().startsWith(PIN_TAG_PREFIX)));
    }
    return out;
  }

  private Tiers tiers(Snapshot head, List<DataFile> headFiles) {
    if (coldLocation != null && head != null) {
      TierReport report = Compaction.tier(table).toBranch(ref).coldLocation(coldLocation).report();
      return new Tiers(coldLocation, report, 0, 0);
    }
    String location = table.location().replaceAll("/+$", "") + "/";
    int hot = 0;
    long hotBytes = 0;
    int elsewhere = 0;
    long elsewhereBytes = 0;
    for (DataFile f : headFiles) {
      if (f.location().startsWith(location)) {
        hot++;
        hotBytes += f.fileSizeInBytes();
      } else {
        elsewhere++;
        elsewhereBytes += f.fileSizeInBytes();
      }
    }
    return new Tiers(null, new TierReport(hot, hotBytes, 0, 0), elsewhere, elsewhereBytes);
  }

  private List<DataFile> files(long snapshotId, Map<Long, List<DataFile>> cache) {
    return cache.computeIfAbsent(
        snapshotId,
        id -> {
          List<DataFile> files = new ArrayList<>();
          try (CloseableIterable<FileScanTask> tasks =
              table.newScan().useSnapshot(id).planFiles()) {
            tasks.forEach(t -> files.add(t.file()));
          } catch (IOException e) {
            throw new UncheckedIOException(
                "Cannot list the data files of " + table.name() + " at snapshot " + id, e);
          }
          return files;
        });
  }

  private static long total(Snapshot s, String key) {
    String v = s.summary() == null ? null : s.summary().get(key);
    return v == null ? 0 : Long.parseLong(v);
  }
}
