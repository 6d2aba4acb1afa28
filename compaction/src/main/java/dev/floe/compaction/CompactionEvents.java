package dev.floe.compaction;

import dev.floe.catalog.events.FloeEvent;
import dev.floe.catalog.events.FloeEvents;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Tells listeners (lineage, metrics) what a finished job did: each method takes a complete result,
 * publishes without blocking and returns the result, so a hook is one line at a job's return.
 */
final class CompactionEvents {
  private CompactionEvents() {}

  static CompactionResult binPack(Table table, String branch, CompactionResult result) {
    FloeEvents.emit(
        () ->
            new FloeEvent.Compaction(
                FloeEvents.tableName(table),
                table.location(),
                branch,
                result.snapshotId() == null ? -1 : result.snapshotId(),
                "bin-pack",
                result.rewrittenFiles(),
                result.addedFiles(),
                result.rewrittenBytes(),
                result.addedBytes(),
                result.failures().size(),
                result.elapsed().toMillis(),
                Instant.now()));
    return result;
  }

  static ManifestRewrite.Result manifests(Table table, ManifestRewrite.Result result) {
    FloeEvents.emit(
        () ->
            new FloeEvent.Compaction(
                FloeEvents.tableName(table),
                table.location(),
                "main",
                result.snapshotId() == null ? -1 : result.snapshotId(),
                "rewrite-manifests",
                result.rewrittenManifests(),
                result.addedManifests(),
                0,
                0,
                0,
                result.elapsed().toMillis(),
                Instant.now()));
    return result;
  }

  static RetentionResult expiry(Table table, List<Snapshot> expired, RetentionResult result) {
    FloeEvents.emit(
        () ->
            new FloeEvent.Expiry(
                FloeEvents.tableName(table),
                table.location(),
                "expire-snapshots",
                expired.stream().map(Snapshot::snapshotId).toList(),
                result.deletedDataFiles() + result.deletedManifestFiles(),
                0,
                result.elapsed().toMillis(),
                Instant.now()));
    return result;
  }

  static List<OrphanFile> orphans(Table table, List<OrphanFile> deleted, long startedNanos) {
    FloeEvents.emit(
        () ->
            new FloeEvent.Expiry(
                FloeEvents.tableName(table),
                table.location(),
                "remove-orphans",
                List.of(),
                deleted.size(),
                deleted.stream().mapToLong(OrphanFile::sizeBytes).sum(),
                (System.nanoTime() - startedNanos) / 1_000_000,
                Instant.now()));
    return deleted;
  }
}
