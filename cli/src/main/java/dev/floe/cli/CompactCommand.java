package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.compaction.Compaction;
import dev.floe.compaction.CompactionResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "compact",
    mixinStandardHelpOptions = true,
    description = "Bin-pack small data files of a branch into target-size files.")
final class CompactCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "TABLE", description = "db.table or db.table@branch")
  String table;

  @Option(
      names = "--target-file-size-mb",
      defaultValue = "128",
      description = "Target file size in MiB (default 128).")
  long targetMb;

  @Option(
      names = "--min-input-files",
      defaultValue = "2",
      description = "Leave partitions with fewer small files alone (default 2).")
  int minInputFiles;

  @Override
  public void run() {
    try (Floe floe = catalog.open()) {
      ResolvedTable resolved = floe.tables().resolve(table);
      CompactionResult r =
          Compaction.binPack(resolved.table())
              .toBranch(resolved.ref())
              .targetFileSizeBytes(targetMb << 20)
              .minInputFiles(minInputFiles)
              .commit();
      spec.commandLine()
          .getOut()
          .printf(
              "%s: rewrote %d files (%s) into %d (%s) in %d groups, snapshot %s, %s%n",
              resolved,
              r.rewrittenFiles(),
              Format.bytes(r.rewrittenBytes()),
              r.addedFiles(),
              Format.bytes(r.addedBytes()),
              r.groups(),
              r.snapshotId() == null ? "none (nothing to do)" : r.snapshotId(),
              Format.duration(r.elapsed()));
    }
  }
}
