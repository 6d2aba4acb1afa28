package dev.floe.compaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.apache.iceberg.expressions.Expressions;
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

  /** The groups to rewrite and the scopes of the delete files that apply to their files. */
  record Plan(List<FileGroup> groups, DeleteScopes deletes) {
    Plan {
      groups = List.copyOf(groups);
    }
  }

  /**
   * Groups in a stable order: by spec, then partition, so runs and re-runs go the same way. Small
   * files with delete files are rewritten with those deletes applied.
   */
  Plan plan(Snapshot start) {
    long smallBelow = (long) (targetFileSizeBytes * CompactionProperties.SMALL_FILE_RATIO);
    Map<Integer, StructLikeMap<List<DataFile>>> smallFiles = new TreeMap<>();
    Map<String, FileScanTask> withDeletes = new HashMap<>();
    DeleteScopes scopes = new DeleteScopes();
    // A filtered scan also leaves out the delete files whose bounds cannot match the filter, yet a
    // rewrite reads every row of a file: deletes (and their scopes) come from an unfiltered scan.
    boolean filtered = filter != Expressions.alwaysTrue();
    try (CloseableIterable<FileScanTask> tasks = scan(start, filter)) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        if (!filtered) {
          withDeletes(task, scopes, withDeletes);
        }
        if (file.fileSizeInBytes() >= smallBelow) {
          continue;
        }
        PartitionSpec spec = table.specs().get(file.specId());
        smallFiles
            .computeIfAbsent(file.specId(), id -> StructLikeMap.create(spec.partitionType()))
            .computeIfAbsent(file.partition(), () -> new ArrayList<>())
            .add(file);
      }
      if (filtered) {
        try (CloseableIterable<FileScanTask> all = scan(start, Expressions.alwaysTrue())) {
          all.forEach(task -> withDeletes(task, scopes, withDeletes));
        }
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
                groups.add(new FileGroup(spec, partition.getKey(), bin, only(withDeletes, bin)));
              }
            }
          }
        });
    return new Plan(groups, scopes);
  }

  private static Map<String, FileScanTask> only(
      Map<String, FileScanTask> withDeletes, List<DataFile> files) {
    Map<String, FileScanTask> tasks = new HashMap<>();
    for (DataFile file : files) {
      FileScanTask task = withDeletes.get(file.location());
      if (task != null) {
        tasks.put(file.location(), task);
      }
    }
    return tasks;
  }

  private CloseableIterable<FileScanTask> scan(Snapshot start, Expression rows) {
    return table.newScan().useSnapshot(start.snapshotId()).filter(rows).planFiles();
  }

  private static void withDeletes(
      FileScanTask task, DeleteScopes scopes, Map<String, FileScanTask> withDeletes) {
    if (!task.deletes().isEmpty()) {
      scopes.add(task);
      withDeletes.put(task.file().location(), task);
    }
  }
}
