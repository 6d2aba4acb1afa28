package dev.floe.compaction;

import java.util.List;
import org.apache.iceberg.DataFile;

/** A group's new files, or why it failed; neither when it was skipped after a failure. */
record Rewritten(FileGroup group, List<DataFile> files, RuntimeException failure) {
  Rewritten {
    files = files == null ? null : List.copyOf(files);
  }

  /** Rows the applied delete files removed: read minus written (the rewriter checked both). */
  long removedRows() {
    return group.records() - files.stream().mapToLong(DataFile::recordCount).sum();
  }
}
