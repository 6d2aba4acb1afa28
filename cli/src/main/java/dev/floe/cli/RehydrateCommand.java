package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.timetravel.ArrowBatches;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
      "With --out, writes it as an Arrow IPC stream file (pyarrow.ipc.open_stream reads it)."
    })
final class RehydrateCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "LOCK", description = "Lock file written by floe pin.")
  Path lockFile;

  @Option(names = "--out", paramLabel = "DIR", description = "Folder to export the data into.")
  Path outDir;

  @Override
  public void run() {
    TrainingLock lock = TrainingLock.read(lockFile);
    long start = System.nanoTime();
    try (Floe floe = catalog.open();
        BufferAllocator allocator = new RootAllocator();
        ArrowBatches batches = TimeTravel.rehydrate(floe, lock, allocator)) {
      long rows =
          outDir == null
              ? count(batches)
              : export(batches, outDir.resolve(lock.table() + ".arrows"));
      spec.commandLine()
          .getOut()
          .printf(
              "Rehydrated %s snapshot %d: %s rows, digest %s verified, %s%s%n",
              lock.table(),
              lock.snapshotId(),
              Format.count(rows),
              lock.contentDigest() == null
                  ? "(none pinned)"
                  : lock.contentDigest().substring(0, 16),
              Format.since(start),
              outDir == null ? "" : ", written to " + outDir.resolve(lock.table() + ".arrows"));
    }
  }

  private static long count(ArrowBatches batches) {
    long rows = 0;
    for (VectorSchemaRoot root : batches) {
      rows += root.getRowCount();
    }
    return rows;
  }

  private static long export(ArrowBatches batches, Path file) {
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
