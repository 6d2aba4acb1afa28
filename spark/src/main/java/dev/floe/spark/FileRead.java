package dev.floe.spark;

import dev.floe.lockformat.Lock;
import java.io.Serializable;
import java.util.Objects;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.mapping.NameMapping;

/**
 * One Spark task of {@link FloeSpark#read}: a data file with its delete files and residual filter,
 * the digest the lock pinned for it, and what every task shares.
 */
record FileRead(FileScanTask task, Lock.FileEntry expected, Shared shared) implements Serializable {
  FileRead {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(shared, "shared");
  }

  /**
   * What every file's task reads with.
   *
   * @param base the schema of the pinned snapshot (delete files are matched against it)
   * @param readSchema the lock's columns first, then the columns the filter and split key need
   * @param width how many of {@code readSchema}'s columns the lock reads (and the digest covers)
   * @param keyIndex the split key's position in {@code readSchema}, or -1 without a part
   * @param part the split part to keep, or null for every row
   * @param java8 whether Spark's Java 8 time API is on (dates and timestamps as java.time)
   */
  record Shared(
      FileIO io,
      Schema base,
      Schema readSchema,
      int width,
      NameMapping mapping,
      String algorithm,
      Lock.Split split,
      int keyIndex,
      Lock.Part part,
      boolean java8)
      implements Serializable {}
}
