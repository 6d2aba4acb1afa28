package dev.floe.cli;

import dev.floe.compaction.health.HealthReport;
import dev.floe.compaction.health.HealthReport.PartitionFiles;
import dev.floe.compaction.health.HealthReport.ProducerCommits;
import dev.floe.compaction.health.HealthReport.RefBytes;
import dev.floe.compaction.health.HealthReport.SnapshotPoint;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code floe report --json}: the report's figures in the shape docs/json.md documents. */
final class ReportJson {
  private ReportJson() {}

  static Map<String, Object> of(HealthReport r, Map<String, Object> profiles) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", r.table());
    m.put("ref", r.ref());
    m.put("snapshot_id", r.snapshotId());
    m.put("target_file_size_bytes", r.targetFileSizeBytes());
    m.put("small_file_threshold_bytes", r.smallFileThresholdBytes());
    m.put("data_files", r.files());
    m.put("small_files", r.smallFiles());
    m.put("partitions", r.partitions().stream().map(ReportJson::partition).toList());
    m.put("snapshots_total", r.snapshotsTotal());
    m.put("snapshots_shown", r.snapshotsShown());
    m.put("snapshots", r.snapshots().stream().map(ReportJson::snapshot).toList());
    m.put("producers", r.producers().stream().map(ReportJson::producer).toList());
    m.put("refs", r.refs().stream().map(ReportJson::ref).toList());
    m.put("pins", r.refs().stream().filter(RefBytes::pinned).map(RefBytes::name).toList());
    Map<String, Object> tiers = new LinkedHashMap<>();
    tiers.put("cold_location", r.tiers().coldLocation());
    tiers.put("hot_files", r.tiers().report().hotFiles());
    tiers.put("hot_bytes", r.tiers().report().hotBytes());
    tiers.put("cold_files", r.tiers().report().coldFiles());
    tiers.put("cold_bytes", r.tiers().report().coldBytes());
    tiers.put("elsewhere_files", r.tiers().elsewhereFiles());
    tiers.put("elsewhere_bytes", r.tiers().elsewhereBytes());
    m.put("tiers", tiers);
    m.put("profiles", profiles);
    return m;
  }

  private static Map<String, Object> partition(PartitionFiles p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("partition", p.partition());
    m.put("files", p.files());
    m.put("small_files", p.smallFiles());
    m.put("small_file_ratio", p.smallFileRatio());
    m.put("bytes", p.bytes());
    m.put("rows", p.rows());
    m.put("min_file_bytes", p.minBytes());
    m.put("max_file_bytes", p.maxBytes());
    return m;
  }

  private static Map<String, Object> snapshot(SnapshotPoint s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("snapshot_id", s.snapshotId());
    m.put("parent_id", s.parentId());
    m.put("committed_at", Instant.ofEpochMilli(s.timestampMillis()).toString());
    m.put("operation", s.operation());
    m.put("data_files", s.dataFiles());
    m.put("rows", s.rows());
    m.put("added_files", s.addedFiles());
    m.put("added_rows", s.addedRows());
    m.put("producer", s.producer());
    return m;
  }

  private static Map<String, Object> producer(ProducerCommits p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("producer", p.producer());
    m.put("commits", p.commits());
    m.put("rows", p.rows());
    return m;
  }

  private static Map<String, Object> ref(RefBytes r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("type", r.type());
    m.put("snapshot_id", r.snapshotId());
    m.put("files", r.files());
    m.put("bytes", r.bytes());
    m.put("exclusive_bytes", r.exclusiveBytes());
    m.put("pinned", r.pinned());
    m.put("lock", null);
    return m;
  }
}
