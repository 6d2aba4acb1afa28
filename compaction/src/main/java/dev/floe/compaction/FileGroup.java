package dev.floe.compaction;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;

/**
 * Small files of one partition that one rewrite merges into about one target-sized file. {@code
 * withDeletes} holds, by data file location, the scan task of each file that delete files apply to:
 * the rewrite drops the rows they delete.
 */
record FileGroup(
    PartitionSpec spec,
    StructLike partition,
    List<DataFile> files,
    Map<String, FileScanTask> withDeletes) {
  FileGroup {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(partition, "partition");
    files = List.copyOf(files);
    withDeletes = Map.copyOf(withDeletes);
  }

  FileGroup(PartitionSpec spec, StructLike partition, List<DataFile> files) {
    this(spec, partition, files, Map.of());
  }

  long bytes() {
    return files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
  }

  /** Rows the files hold by their metadata, deleted rows included. */
  long records() {
    return files.stream().mapToLong(DataFile::recordCount).sum();
  }

  /** The scan task with the delete files that apply to {@code file}, or null when none do. */
  FileScanTask deletesOf(DataFile file) {
    return withDeletes.get(file.location());
  }
}
