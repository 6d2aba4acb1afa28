package dev.floe.compaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.BinPacking.ListPacker;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.iceberg.util.StructLikeMap;

/**
 * Rewrites the small data files of a branch into files of about the target size, one partition at a
 * time, in a single commit. Files committed to the branch meanwhile are kept: the rewrite only
 * replaces the files it read and fails if one of them was removed in between.
 *
 * <p>Defaults come from the table's {@link CompactionProperties}, then the {@code _DEFAULT}s.
 */
public final class BinPack {
  private final Table table;
  private String branch = SnapshotRef.MAIN_BRANCH;
  private long targetFileSizeBytes;
  private int minInputFiles;
  private Runnable beforeCommit = () -> {};

  BinPack(Table table) {
    this.table = table;
    this.targetFileSizeBytes =
        PropertyUtil.propertyAsLong(
            table.properties(),
            CompactionProperties.TARGET_FILE_SIZE_BYTES,
            CompactionProperties.TARGET_FILE_SIZE_BYTES_DEFAULT);
    this.minInputFiles =
        PropertyUtil.propertyAsInt(
            table.properties(),
            CompactionProperties.MIN_INPUT_FILES,
            CompactionProperties.MIN_INPUT_FILES_DEFAULT);
  }

  /** The branch to compact; its snapshots are the only ones read and the only ref moved. */
  public BinPack toBranch(String branch) {
    Objects.requireNonNull(branch, "branch");
    if (branch.isBlank()) {
      throw new IllegalArgumentException("Invalid branch: must not be blank");
    }
    this.branch = branch;
    return this;
  }

  public BinPack targetFileSizeBytes(long bytes) {
    checkTargetFileSize(bytes);
    this.targetFileSizeBytes = bytes;
    return this;
  }

  /** A partition, or a packed group, with fewer small files than this is left alone. */
  public BinPack minInputFiles(int n) {
    checkMinInputFiles(n);
    this.minInputFiles = n;
    return this;
  }

  /** Runs between writing the new files and committing them; lets tests race a writer. */
  BinPack beforeCommit(Runnable hook) {
    this.beforeCommit = Objects.requireNonNull(hook, "hook");
    return this;
  }

  /**
   * Plans, rewrites and commits. Returns a result with a null snapshot id when no partition has
   * enough small files. On failure the files written so far are deleted, except when the commit's
   * outcome is unknown ({@link CommitStateUnknownException}): then they may already be live.
   */
  public CompactionResult commit() {
    long started = System.nanoTime();
    checkTargetFileSize(targetFileSizeBytes);
    checkMinInputFiles(minInputFiles);
    SnapshotRef ref = table.refs().get(branch);
    if (ref != null && ref.isTag()) {
      throw new IllegalArgumentException(
          String.format("Cannot compact %s@%s: it is a tag, not a branch", table.name(), branch));
    }
    Snapshot start = table.snapshot(branch);
    List<FileGroup> groups = start == null ? List.of() : plan(start);
    if (groups.isEmpty()) {
      return CompactionResult.nothingToDo(Duration.ofNanos(System.nanoTime() - started));
    }

    String runId = UUID.randomUUID().toString();
    GroupRewriter rewriter = new GroupRewriter(table, targetFileSizeBytes, runId);
    List<DataFile> added = new ArrayList<>();
    try {
      for (FileGroup group : groups) {
        added.addAll(rewriter.rewrite(group));
      }
      beforeCommit.run();
      RewriteFiles rewrite =
          table
              .newRewrite()
              .toBranch(branch)
              .validateFromSnapshot(start.snapshotId())
              // Equality deletes committed after the scan must still apply to the rewritten rows.
              .dataSequenceNumber(start.sequenceNumber())
              .set(CompactionProperties.RUN_ID_SUMMARY, runId);
      groups.forEach(group -> group.files().forEach(rewrite::deleteFile));
      added.forEach(rewrite::addFile);
      rewrite.commit();
    } catch (CommitStateUnknownException e) {
      throw e;
    } catch (RuntimeException e) {
      rewriter.deleteQuietly(added);
      throw e;
    }

    return new CompactionResult(
        groups.stream().mapToInt(group -> group.files().size()).sum(),
        added.size(),
        groups.stream().mapToLong(FileGroup::bytes).sum(),
        added.stream().mapToLong(DataFile::fileSizeInBytes).sum(),
        groups.size(),
        committedSnapshotId(runId, start.snapshotId()),
        Duration.ofNanos(System.nanoTime() - started));
  }

  private List<FileGroup> plan(Snapshot start) {
    long smallBelow = (long) (targetFileSizeBytes * CompactionProperties.SMALL_FILE_RATIO);
    Map<Integer, StructLikeMap<List<DataFile>>> smallFiles = new TreeMap<>();
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(start.snapshotId()).planFiles()) {
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
          for (Map.Entry<StructLike, List<DataFile>> partition : partitions.entrySet()) {
            if (partition.getValue().size() < minInputFiles) {
              continue;
            }
            for (List<DataFile> bin :
                packer.pack(partition.getValue(), DataFile::fileSizeInBytes)) {
              if (bin.size() >= minInputFiles) {
                groups.add(new FileGroup(table.specs().get(specId), partition.getKey(), bin));
              }
            }
          }
        });
    return groups;
  }

  /** Found by run id, not as the branch head: another writer may already have committed on top. */
  private long committedSnapshotId(String runId, long startSnapshotId) {
    for (Snapshot snapshot :
        SnapshotUtil.ancestorsOf(table.snapshot(branch).snapshotId(), table::snapshot)) {
      if (runId.equals(snapshot.summary().get(CompactionProperties.RUN_ID_SUMMARY))) {
        return snapshot.snapshotId();
      }
      if (snapshot.snapshotId() == startSnapshotId) {
        break;
      }
    }
    throw new IllegalStateException(
        String.format(
            "Compaction run %s committed, but %s@%s no longer has its snapshot",
            runId, table.name(), branch));
  }

  private static void checkTargetFileSize(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException(
          String.format("Invalid target file size: %d bytes (must be > 0)", bytes));
    }
  }

  private static void checkMinInputFiles(int n) {
    if (n < 1) {
      throw new IllegalArgumentException(
          String.format("Invalid minimum input files: %d (must be >= 1)", n));
    }
  }
}
