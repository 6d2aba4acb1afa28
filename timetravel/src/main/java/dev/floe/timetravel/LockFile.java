package dev.floe.timetravel;

import dev.floe.timetravel.lock.LockFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * A lock file: the {@link TrainingLock}s of one training run, one per table (e.g. features and
 * labels), pinned together. A lock file of one table is written in the single-table format older
 * Floe versions read; {@link #read} reads both.
 *
 * <pre>{@code
 * LockFile run = TimeTravel.pinAll(floe, List.of("ml.features", "ml.labels")).writeTo(lockFile);
 * for (TrainingLock lock : LockFile.read(lockFile).locks()) {
 *   try (ArrowBatches batches = TimeTravel.rehydrate(floe, lock).arrow(allocator)) { ... }
 * }
 * }</pre>
 */
public record LockFile(List<TrainingLock> locks) {
  public LockFile {
    locks = List.copyOf(Objects.requireNonNull(locks, "locks"));
    Preconditions.checkArgument(
        !locks.isEmpty(), "Invalid lock file: it must pin at least one table");
  }

  /**
   * Reads a lock file of one or several tables; a missing file, bad JSON or a missing field throws
   * {@link dev.floe.catalog.exceptions.LockFileException} naming the file and the reason.
   */
  public static LockFile read(Path path) {
    return LockFiles.read(path);
  }

  /** Writes this lock file as pretty JSON, atomically: readers see the old file or the new one. */
  public void write(Path path) {
    LockFiles.write(this, path);
  }

  /**
   * Writes this lock file only where no file is (atomically: of several writers racing for {@code
   * path} one succeeds); throws {@link dev.floe.catalog.exceptions.LockFileException} if one is.
   */
  public void writeNew(Path path) {
    LockFiles.writeNew(this, path);
  }

  /** The tables pinned, as {@link TrainingLock#label()}s, comma-separated. */
  public String tables() {
    return locks.stream().map(TrainingLock::label).collect(Collectors.joining(", "));
  }
}
