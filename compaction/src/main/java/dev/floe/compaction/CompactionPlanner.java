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
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(start.snapshotId()).filter(filter).planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        scopes.add(task);
        if (file.fileSizeInBytes() >= smallBelow) {
          continue;
        }
        if (!task.deletes().isEmpty()) {
          withDeletes.put(file.location(), task);
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
    if (!scopes.isEmpty() && filter != Expressions.alwaysTrue()) {
      // A delete file may also apply to files the filter left out: its scope needs every file.
      scopes = unfilteredScopes(start);
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

  private DeleteScopes unfilteredScopes(Snapshot start) {
    DeleteScopes scopes = new DeleteScopes();
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(start.snapshotId()).planFiles()) {
      tasks.forEach(scopes::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan compaction of " + table.name(), e);
    }
    return scopes;
  }
}
