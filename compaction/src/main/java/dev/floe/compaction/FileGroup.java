package dev.floe.compaction;

import java.util.List;
import java.util.Objects;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;

/** Small files of one partition that one rewrite merges into about one target-sized file. */
record FileGroup(PartitionSpec spec, StructLike partition, List<DataFile> files) {
  FileGroup {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(partition, "partition");
    files = List.copyOf(files);
  }

  long bytes() {
    return files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
  }

  long records() {
    return files.stream().mapToLong(DataFile::recordCount).sum();
  }
}
