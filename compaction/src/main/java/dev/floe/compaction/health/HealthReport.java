package dev.floe.compaction.health;

import dev.floe.compaction.TierReport;
import java.util.List;
import java.util.Objects;

/**
 * A table's health as its Iceberg metadata tells it, for one ref: file sizes per partition against
 * the target size, the ref's snapshots (oldest first, at most {@code snapshotsShown} of the {@code
 * snapshotsTotal} in its ancestry), commits per producer, the bytes each branch and tag keeps
 * alive, and the files per storage tier. Every figure comes from manifests and snapshot summaries;
 * no data file is read. Built by {@link HealthReports}.
 */
public record HealthReport(
    String table,
    String ref,
    Long snapshotId,
    long targetFileSizeBytes,
    long smallFileThresholdBytes,
    List<PartitionFiles> partitions,
    int snapshotsTotal,
    int snapshotsShown,
    List<SnapshotPoint> snapshots,
    List<ProducerCommits> producers,
    List<RefBytes> refs,
    Tiers tiers) {
  public HealthReport {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(ref, "ref");
    partitions = List.copyOf(partitions);
    snapshots = List.copyOf(snapshots);
    producers = List.copyOf(producers);
    refs = List.copyOf(refs);
    Objects.requireNonNull(tiers, "tiers");
  }

  /** Data files of the ref's head snapshot as a whole. */
  public long files() {
    return partitions.stream().mapToLong(PartitionFiles::files).sum();
  }

  /** Data files under the small-file threshold, over all partitions. */
  public long smallFiles() {
    return partitions.stream().mapToLong(PartitionFiles::smallFiles).sum();
  }

  /** Live data files of one partition ({@code specId/path}, or "(unpartitioned)"). */
  public record PartitionFiles(
      String partition,
      long files,
      long smallFiles,
      long bytes,
      long rows,
      long minBytes,
      long maxBytes) {
    public PartitionFiles {
      Objects.requireNonNull(partition, "partition");
    }

    /** Share of the files that are small, 0 for no files. */
    public double smallFileRatio() {
      return files == 0 ? 0 : (double) smallFiles / files;
    }
  }

  /**
   * One snapshot of the ref's ancestry: totals after it, what it added, and who committed it
   * ({@code producer} is the writer's producer id, "group of N producers" for a group commit, or
   * null for commits that are not Floe ingest appends).
   */
  public record SnapshotPoint(
      long snapshotId,
      Long parentId,
      long timestampMillis,
      String operation,
      long dataFiles,
      long rows,
      long addedFiles,
      long addedRows,
      String producer) {}

  /** Ingest commits of one producer on the ref's whole ancestry (not capped). */
  public record ProducerCommits(String producer, long commits, long rows) {
    public ProducerCommits {
      Objects.requireNonNull(producer, "producer");
    }
  }

  /**
   * A branch or tag: the data files live in its head and their bytes, the part of them no other ref
   * has live in its head ({@code exclusiveBytes}: what dropping it would free), and whether it is a
   * pin ({@code floe-pin-*} tag made by {@code floe pin}; the lock file itself is not in the table,
   * so which lock pinned it is not known here).
   */
  public record RefBytes(
      String name,
      String type,
      long snapshotId,
      long files,
      long bytes,
      long exclusiveBytes,
      boolean pinned) {
    public RefBytes {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * Files per storage tier in the ref's head. With a cold location the split is {@link
   * dev.floe.compaction.Tiering}'s; without one, files outside the table's location are counted as
   * {@code elsewhere} (cold or registered from outside), and {@code coldLocation} is null.
   */
  public record Tiers(
      String coldLocation, TierReport report, int elsewhereFiles, long elsewhereBytes) {
    public Tiers {
      Objects.requireNonNull(report, "report");
    }
  }
}
