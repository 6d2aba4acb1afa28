package dev.floe.cli;

import dev.floe.compaction.CompactionProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.relocated.com.google.common.collect.Iterables;

/**
 * A table's shape at a glance: how big its data files are against the target size, how many are
 * small (under a quarter of {@code write.target-file-size-bytes}, so compaction would want them),
 * delete files, partitions and snapshots. Costs one manifest read of the snapshot's files.
 */
record TableHealth(
    long avgFileSizeBytes,
    long smallFiles,
    long smallFileThresholdBytes,
    long deleteFiles,
    long partitions,
    int snapshots) {

  static TableHealth of(Table table, Snapshot snapshot) {
    long threshold = CompactionProperties.targetFileSizeBytes(table.properties()) / 4;
    int snapshots = Iterables.size(table.snapshots());
    if (snapshot == null) {
      return new TableHealth(0, 0, threshold, 0, 0, snapshots);
    }
    long files = 0;
    long bytes = 0;
    long small = 0;
    Set<String> partitions = new HashSet<>();
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        files++;
        bytes += file.fileSizeInBytes();
        small += file.fileSizeInBytes() < threshold ? 1 : 0;
        // The same values under two specs are two partitions, as Iceberg's partitions table has.
        partitions.add(file.specId() + "/" + task.spec().partitionToPath(file.partition()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the data files of " + table.name(), e);
    }
    return new TableHealth(
        files == 0 ? 0 : bytes / files,
        small,
        threshold,
        Summaries.total(snapshot, "total-delete-files"),
        partitions.size(),
        snapshots);
  }

  /** Adds the fields to a {@code --json} summary. */
  void putInto(Map<String, Object> m) {
    m.put("avg_file_size_bytes", avgFileSizeBytes);
    m.put("small_files", smallFiles);
    m.put("small_file_threshold_bytes", smallFileThresholdBytes);
    m.put("delete_files", deleteFiles);
    m.put("partitions", partitions);
    m.put("snapshots", snapshots);
  }

  /** Reads the fields back from a summary {@link #putInto} filled. */
  static TableHealth from(Map<String, Object> m) {
    return new TableHealth(
        (Long) m.get("avg_file_size_bytes"),
        (Long) m.get("small_files"),
        (Long) m.get("small_file_threshold_bytes"),
        (Long) m.get("delete_files"),
        (Long) m.get("partitions"),
        (Integer) m.get("snapshots"));
  }
}
