package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.timetravel.AllParts;
import dev.floe.timetravel.ArrowBatches;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.Rehydration;
import dev.floe.timetravel.Split;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "rehydrate",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a lock file and read exactly the pinned data, checking its content digest.",
      "A lock file of several tables is read table by table, one sub-folder of --out each.",
      "With --out: an Arrow IPC file, TABLE[.PART].arrow (pyarrow.ipc.open_file,",
      "pyarrow.dataset, Feather); with --arrow-format stream an IPC stream, .arrows",
      "(pyarrow.ipc.open_stream); with --format parquet a .parquet file.",
      "--part all writes TABLE.train, .validation and .test side by side, reading",
      "the data once; no part appears unless every part's digest checked out.",
      "The file appears only once its digest and row count checked out: it is written under a",
      "hidden temporary name (.NAME.part-*) in --out and deleted on a mismatch or an error.",
      "A lock without a content digest is refused (exit 1) unless --unverified is given.",
      "--rank R --world-size N reads one shard for distributed training (see docs/serve.md);",
      "each digest unit is checked before any of its rows is handed out."
    })
final class RehydrateCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "LOCK", description = "Lock file written by floe pin.")
  Path lockFile;

  @Option(names = "--out", paramLabel = "DIR", description = "Folder to export the data into.")
  Path outDir;

  @Option(
      names = "--part",
      paramLabel = "PART",
      description =
          "With a lock pinned with --split: read only this part (train, validation or test),"
              + " or all: the three parts side by side, in one pass (needs --out).")
  String partName;

  private Split.Part part;
  private boolean allParts;

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
          "With --out: arrow (see --arrow-format) or parquet (pyarrow.parquet.read_table);"
              + " default arrow.")
  ExportFormat format;

  @Option(
      names = "--arrow-format",
      paramLabel = "FORMAT",
      defaultValue = "file",
      description =
          "With --out and --format arrow: the " + ArrowFormat.DESCRIPTION + "; default file.")
  ArrowFormat arrowFormat;

  @Option(
      names = "--unverified",
      description =
          "Read a lock that pins no content digest (pinned with --no-digest, or edited) anyway;"
              + " reported as NOT verified. A digest the lock pins is always checked.")
  boolean unverified;

  @Mixin ShardOptions shard;

  @Mixin ProgressOptions progress;

  private final List<Map<String, Object>> rehydrated = new ArrayList<>();

  @Override
  public void run() {
    parsePart();
    shard.check(spec, allParts || format == ExportFormat.parquet && outDir != null);
    LockFile file = LockFile.read(lockFile);
    List<TrainingLock> locks = file.locks();
    long expected =
        part != null || shard.worldSize != null || locks.stream().anyMatch(l -> l.rows() == null)
            ? 0 // unknown: a part's count is not recorded, nor is it in older locks
            : locks.stream().mapToLong(TrainingLock::rows).sum();
    Progress shown = progress.start("rehydrate " + file.tables(), expected, locks.size());
    try (Floe floe = catalog.openExisting()) {
      for (TrainingLock lock : locks) {
        // Several tables: one sub-folder each, so their files cannot collide.
        Path dir = outDir == null || locks.size() == 1 ? outDir : outDir.resolve(lock.label());
        rehydrate(floe, lock, dir, shown);
        shown.partDone();
      }
    }
    shown.done();
    if (output.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("lock_file", lockFile.toString());
      m.put("part", part == null ? null : part.name().toLowerCase(Locale.ROOT));
      shard.describe(m);
      m.put("tables", rehydrated);
      output.printJson(m);
    }
  }

  private void parsePart() {
    if (partName == null) {
      return;
    }
    String name = partName.toUpperCase(Locale.ROOT);
    allParts = name.equals("ALL");
    if (allParts && outDir == null) {
      throw new ParameterException(
          spec.commandLine(), "--part all needs --out: it writes one file per part");
    }
    try {
      part = allParts ? null : Split.Part.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid --part '" + partName + "': expected train, validation, test or all");
    }
  }

  private void rehydrate(Floe floe, TrainingLock lock, Path dir, Progress shown) {
    long start = System.nanoTime();
    String extension = format == ExportFormat.parquet ? ".parquet" : arrowFormat.extension();
    Rehydration rehydration =
        TimeTravel.rehydrate(floe, lock)
            .part(part)
            .onFileOpened(shown::file)
            .onRowsWritten(shown::rows);
    if (unverified) {
      rehydration.unverified();
    }
    shard.apply(rehydration);
    if (allParts) {
      AllParts all = rehydration.allParts();
      for (AllParts.PartFile written : writeAll(all, dir)) {
        report(lock, written.part(), written.rows(), start, written.file(), all.verified());
      }
      return;
    }
    String fileName =
        lock.table()
            + (part == null ? "" : "." + part.name().toLowerCase(Locale.ROOT))
            + shard.fileSuffix()
            + extension;
    Path file = dir == null ? null : dir.resolve(fileName);
    long rows;
    if (file != null && format == ExportFormat.parquet) {
      rows = rehydration.writeParquet(file);
    } else {
      try (BufferAllocator allocator = new RootAllocator()) {
        if (file == null) {
          try (ArrowBatches batches = rehydration.arrow(allocator)) {
            rows = count(batches, shown);
          }
        } else if (arrowFormat == ArrowFormat.stream) {
          rows = rehydration.writeArrowStream(file, allocator);
        } else {
          rows = rehydration.writeArrow(file, allocator);
        }
      }
    }
    report(lock, part, rows, start, file, rehydration.verified());
  }

  private List<AllParts.PartFile> writeAll(AllParts all, Path dir) {
    if (format == ExportFormat.parquet) {
      return all.writeParquet(dir);
    }
    try (BufferAllocator allocator = new RootAllocator()) {
      return arrowFormat == ArrowFormat.stream
          ? all.writeArrowStream(dir, allocator)
          : all.writeArrow(dir, allocator);
    }
  }

  // A lock pinned with per-unit part digests: a shard of a part checks its part rows by them.
  private static boolean partUnits(TrainingLock lock) {
    return lock.fileDigests().stream()
        .anyMatch(f -> f.units().stream().anyMatch(u -> !u.parts().isEmpty()));
  }

  private void report(
      TrainingLock lock, Split.Part part, long rows, long start, Path file, boolean verified) {
    String digest = part == null ? lock.contentDigest() : lock.splitDigests().get(part);
    String checked = verified ? "digest " + digest.substring(0, 16) + " verified" : null;
    if (!shard.label().isEmpty()) {
      // A shard checks each of its units against the lock's unit digests; its part rows against
      // the units' part digests, or (a lock without them) the whole part against its digest first.
      verified = true;
      digest = lock.contentDigest();
      checked =
          "units of digest "
              + digest.substring(0, 16)
              + " verified"
              + (part == null
                  ? ""
                  : partUnits(lock)
                      ? ", part rows of each unit verified"
                      : ", the whole part verified (the lock has no part digests per unit)");
    }
    if (output.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("table", lock.label());
      m.put("snapshot_id", lock.snapshotId());
      m.put("rows", rows);
      m.put("verified", verified);
      m.put("digest", verified ? digest : null);
      m.put("elapsed_ms", (System.nanoTime() - start) / 1_000_000);
      m.put("file", file == null ? null : file.toString());
      rehydrated.add(m);
      return;
    }
    spec.commandLine()
        .getOut()
        .printf(
            "Rehydrated %s snapshot %d%s: %s rows, %s, %s%s%n",
            lock.label(),
            lock.snapshotId(),
            (allParts ? " " + part.name().toLowerCase(Locale.ROOT) + " part" : "") + shard.label(),
            Format.count(rows),
            verified ? checked : "NOT verified (no digest pinned; --unverified)",
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
}
