package dev.floe.compaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.BinPacking.ListPacker;
import org.apache.iceberg.util.StructLikeMap;

/** Finds the small files of a snapshot and packs them, per partition, into target-sized groups. */
final class CompactionPlanner {
  private final Table table;
  private final String branch;
  private final Expression filter;
  private final long targetFileSizeBytes;
  private final int minInputFiles;

  CompactionPlanner(
      Table table, String branch, Expression filter, long targetFileSizeBytes, int minInputFiles) {
    this.table = table;
    this.branch = branch;
    this.filter = filter;
    this.targetFileSizeBytes = targetFileSizeBytes;
    this.minInputFiles = minInputFiles;
  }

  /** Groups in a stable order: by spec, then partition, so runs and re-runs go the same way. */
  List<FileGroup> plan(Snapshot start) {
    long smallBelow = (long) (targetFileSizeBytes * CompactionProperties.SMALL_FILE_RATIO);
    Map<Integer, StructLikeMap<List<DataFile>>> smallFiles = new TreeMap<>();
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(start.snapshotId()).filter(filter).planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        if (file.fileSizeInBytes() >= smallBelow) {
          continue;
        }
        if (!task.deletes().isEmpty()) {
          // Rewriting would resurrect deleted rows: the new files outlive the delete files' scope.
          throw new UnsupportedOperationException(
              String.format(
                  "Cannot compact %s@%s: data file %s has %d delete files, and bin-pack does not"
                      + " apply deletes",
                  table.name(), branch, file.location(), task.deletes().size()));
        }
        PartitionSpec spec = table.specs().get(file.specId());
        smallFiles
            .computeIfAbsent(file.specId(), id -> StructLikeMap.create(spec.partitionType()))
            .computeIfAbsent(file.partition(), () -> new ArrayList<>())
            .add(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan compaction of " + table.name(), e);
    }

    ListPacker<DataFile> packer = new ListPacker<>(targetFileSizeBytes, 1, false);
    List<FileGroup> groups = new ArrayList<>();
    smallFiles.forEach(
        (specId, partitions) -> {
          PartitionSpec spec = table.specs().get(specId);
          List<Map.Entry<StructLike, List<DataFile>>> sorted =
              new ArrayList<>(partitions.entrySet());
          sorted.sort(
              (a, b) ->
                  spec.partitionToPath(a.getKey()).compareTo(spec.partitionToPath(b.getKey())));
          for (Map.Entry<StructLike, List<DataFile>> partition : sorted) {
            if (partition.getValue().size() < minInputFiles) {
              continue;
            }
            List<DataFile> files = new ArrayList<>(partition.getValue());
            files.sort((a, b) -> a.location().compareTo(b.location()));
            for (List<DataFile> bin : packer.pack(files, DataFile::fileSizeInBytes)) {
              if (bin.size() >= minInputFiles) {
                groups.add(new FileGroup(spec, partition.getKey(), bin));
              }
            }
          }
        });
    return groups;
  }
}
