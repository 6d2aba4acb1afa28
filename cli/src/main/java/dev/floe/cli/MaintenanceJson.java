package dev.floe.cli;

import dev.floe.compaction.CompactionResult;
import dev.floe.compaction.ManifestRewrite;
import dev.floe.compaction.OrphanFile;
import dev.floe.compaction.RetentionResult;
import dev.floe.compaction.TierReport;
import dev.floe.compaction.TierResult;
import dev.floe.timetravel.TrainingLock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} shapes of compact, tier, expire, orphans and maintain (maintain nests the
 * others' shapes), and of a pinned lock; docs/json.md lists their fields.
 */
final class MaintenanceJson {
  private MaintenanceJson() {}

  static Map<String, Object> compaction(String table, CompactionResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", table);
    m.put("rewritten_files", r.rewrittenFiles());
    m.put("rewritten_bytes", r.rewrittenBytes());
    m.put("added_files", r.addedFiles());
    m.put("added_bytes", r.addedBytes());
    m.put("groups", r.groups());
    m.put("commits", r.commits());
    m.put("manifests_written", r.manifestsWritten());
    m.put("removed_delete_files", r.removedDeleteFiles());
    m.put("removed_rows", r.removedRows());
    m.put("skipped_groups", r.skippedGroups());
    m.put("snapshot_id", r.snapshotId());
    m.put("elapsed_ms", r.elapsed().toMillis());
    m.put("failures", failures(r.failures()));
    return m;
  }

  static Map<String, Object> manifests(ManifestRewrite.Result r) {
    if (r == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rewritten_manifests", r.rewrittenManifests());
    m.put("added_manifests", r.addedManifests());
    m.put("snapshot_id", r.snapshotId());
    return m;
  }

  /** A tiering run; {@code r} null for {@code tier --report}, which moves nothing. */
  static Map<String, Object> tiering(String table, TierResult r, TierReport tiers) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", table);
    m.put("moved_files", r == null ? null : r.movedFiles());
    m.put("moved_bytes", r == null ? null : r.movedBytes());
    m.put("cold_files_written", r == null ? null : r.coldFilesWritten());
    m.put("cold_bytes_written", r == null ? null : r.coldBytesWritten());
    m.put("snapshot_id", r == null ? null : r.snapshotId());
    m.put("elapsed_ms", r == null ? null : r.elapsed().toMillis());
    m.put("failures", r == null ? List.of() : failures(r.failures()));
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("hot_files", tiers.hotFiles());
    t.put("hot_bytes", tiers.hotBytes());
    t.put("cold_files", tiers.coldFiles());
    t.put("cold_bytes", tiers.coldBytes());
    m.put("tiers", t);
    return m;
  }

  static Map<String, Object> retention(String table, RetentionResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", table);
    m.put("expired_snapshots", r.expiredSnapshots());
    m.put("deleted_data_files", r.deletedDataFiles());
    m.put("deleted_manifest_files", r.deletedManifestFiles());
    m.put("kept_pinned_snapshots", r.keptPinnedSnapshots());
    m.put("kept_history_files", r.keptHistoryFiles());
    m.put("kept_pinned_files", r.keptPinnedFiles());
    m.put("elapsed_ms", r.elapsed().toMillis());
    return m;
  }

  static Map<String, Object> orphans(
      String table, boolean nessieAware, boolean deleted, List<OrphanFile> found) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", table);
    m.put("nessie_aware", nessieAware);
    m.put("deleted", deleted);
    m.put("count", found.size());
    m.put("bytes", found.stream().mapToLong(OrphanFile::sizeBytes).sum());
    m.put(
        "files",
        found.stream()
            .map(
                f -> {
                  Map<String, Object> file = new LinkedHashMap<>();
                  file.put("location", f.location());
                  file.put("size_bytes", f.sizeBytes());
                  file.put("last_modified", BranchJson.time(f.lastModified()));
                  return file;
                })
            .toList());
    return m;
  }

  /** A lock's table as pin, verify and rehydrate report it. */
  static Map<String, Object> lock(TrainingLock lock) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", lock.label());
    m.put("snapshot_id", lock.snapshotId());
    m.put("nessie_hash", lock.nessieHash());
    m.put("tag", lock.tag());
    m.put("data_files", lock.dataFiles());
    // Null when the lock did not count them (--no-digest with deletes or a filter).
    m.put("rows", lock.rows());
    m.put("records", lock.records());
    m.put("fingerprint", lock.fingerprint());
    m.put("content_digest", lock.contentDigest());
    return m;
  }

  private static List<Map<String, Object>> failures(List<CompactionResult.GroupFailure> failures) {
    return failures.stream()
        .map(
            f -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("partition", f.partition());
              m.put("files", f.files());
              m.put("error", FloeCli.oneLine(f.cause()));
              return m;
            })
        .toList();
  }
}
