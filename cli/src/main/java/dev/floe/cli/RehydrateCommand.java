package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.timetravel.ArrowBatches;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.ParquetExport;
import dev.floe.timetravel.Split;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "rehydrate",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a lock file and read exactly the pinned data, checking its content digest.",
      "A lock file of several tables is read table by table, one sub-folder of --out each.",
      "With --out, writes it as an Arrow IPC stream file (pyarrow.ipc.open_stream reads it)",
      "or, with --format parquet, as a Parquet file (pyarrow.parquet.read_table reads it)."
    })
final class RehydrateCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "LOCK", description = "Lock file written by floe pin.")
  Path lockFile;

  @Option(names = "--out", paramLabel = "DIR", description = "Folder to export the data into.")
  Path outDir;

  @Option(
      names = "--part",
      paramLabel = "PART",
      description =
          "With a lock pinned with --split: read only this part (${COMPLETION-CANDIDATES}).")
  Split.Part part;

  /** Export formats: both read directly by pyarrow. */
  enum ExportFormat {
    arrow,
    parquet
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "arrow",
      description =
          "With --out: arrow (IPC stream, pyarrow.ipc.open_stream) or parquet"
              + " (pyarrow.parquet.read_table); default arrow.")
  ExportFormat format;

  @Option(
      names = "--progress",
      negatable = true,
      description =
          "Print progress (rows, rows/s) to stderr; default on when stderr is a terminal.")
  Boolean progress;

  @Override
  public void run() {
    LockFile file = LockFile.read(lockFile);
    List<TrainingLock> locks = file.locks();
    long expected =
        part != null || locks.stream().anyMatch(l -> l.filter() != null)
            ? 0 // filtered: the lock's record count is only an upper bound
            : locks.stream().mapToLong(TrainingLock::records).sum();
    Progress shown =
        Progress.start(
            spec.commandLine().getErr(),
            CliEnvironment.of(spec).showProgress(progress),
            "rehydrate " + file.tables(),
            expected,
            locks.size());
    try (Floe floe = catalog.openExisting()) {
      for (TrainingLock lock : locks) {
        // Several tables: one sub-folder each, so their files cannot collide.
        Path dir = outDir == null || locks.size() == 1 ? outDir : outDir.resolve(lock.label());
        rehydrate(floe, lock, dir, shown);
        shown.partDone();
      }
    }
    shown.done();
  }

  private void rehydrate(Floe floe, TrainingLock lock, Path dir, Progress shown) {
    long start = System.nanoTime();
    String fileName =
        lock.table()
            + (part == null ? "" : "." + part.name().toLowerCase(Locale.ROOT))
            + (format == ExportFormat.parquet ? ".parquet" : ".arrows");
    Path file = dir == null ? null : dir.resolve(fileName);
    if (file != null && format == ExportFormat.parquet) {
      long rows = ParquetExport.write(floe, lock, part, file, shown::rows);
      report(lock, rows, start, file);
      return;
    }
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBatches batches = TimeTravel.rehydrate(floe, lock, part, allocator, shown::file)) {
      long rows = file == null ? count(batches, shown) : export(batches, file, shown);
      report(lock, rows, start, file);
    }
  }

  private void report(TrainingLock lock, long rows, long start, Path file) {
    String digest = part == null ? lock.contentDigest() : lock.splitDigests().get(part);
    spec.commandLine()
        .getOut()
        .printf(
            "Rehydrated %s snapshot %d: %s rows, digest %s verified, %s%s%n",
            lock.label(),
            lock.snapshotId(),
            Format.count(rows),
            digest == null ? "(none pinned)" : digest.substring(0, 16),
            Format.since(start),
            file == null ? "" : ", written to " + file);
  }

  private static long count(ArrowBatches batches, Progress shown) {
    long rows = 0;
    for (VectorSchemaRoot root : batches) {
      rows += root.getRowCount();
      shown.rows(root.getRowCount());
    }
    return rows;
  }

  private static long export(ArrowBatches batches, Path file, Progress shown) {
    long rows = 0;
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel channel =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ArrowStreamWriter writer = null;
        for (VectorSchemaRoot root : batches) {
          if (writer == null) {
            // ArrowBatches reuses one root, so one writer bound to it sees every batch.
            writer = new ArrowStreamWriter(root, null, channel);
            writer.start();
          }
          writer.writeBatch();
          rows += root.getRowCount();
          shown.rows(root.getRowCount());
        }
        if (writer != null) {
          writer.end();
          writer.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
    return rows;
  }
}
