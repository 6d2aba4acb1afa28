package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.compaction.Compaction;
import dev.floe.compaction.TierReport;
import dev.floe.compaction.TierResult;
import dev.floe.compaction.Tiering;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "tier",
    mixinStandardHelpOptions = true,
    description = {
      "Move data files older than --cold-after into a cold location with stronger compression",
      "(and an S3 storage class). Pinned snapshots keep reading the hot files until released.",
      "With --report, only print files and bytes per tier."
    })
final class TierCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "TABLE", description = "db.table or db.table@branch")
  String table;

  @Option(
      names = "--cold-location",
      required = true,
      paramLabel = "LOCATION",
      description = "Folder or bucket prefix for cold files of this table.")
  String coldLocation;

  @Option(
      names = "--cold-after",
      defaultValue = "90d",
      converter = DurationConverter.class,
      description = "Files committed longer ago go cold (default 90d).")
  Duration coldAfter;

  @Option(
      names = "--storage-class",
      description = "S3 storage class of cold objects, e.g. STANDARD_IA, GLACIER_IR.")
  String storageClass;

  @Option(names = "--codec", defaultValue = "zstd", description = "Cold codec (default zstd).")
  String codec;

  @Option(names = "--report", description = "Only report files and bytes per tier.")
  boolean reportOnly;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    try (Floe floe = catalog.open()) {
      ResolvedTable resolved = floe.tables().resolve(table);
      Tiering tiering =
          (reportOnly
                  ? Compaction.tier(resolved.table()).toBranch(resolved.ref())
                  : Compaction.tier(resolved))
              .coldLocation(coldLocation)
              .coldAfter(coldAfter)
              .coldCodec(codec);
      if (storageClass != null) {
        tiering.coldStorageClass(storageClass);
      }
      if (reportOnly) {
        TierReport report = tiering.report();
        if (output.json) {
          output.printJson(MaintenanceJson.tiering(resolved.toString(), null, report));
        } else {
          print(out, resolved.toString(), report);
        }
        return;
      }
      TierResult r = tiering.commit();
      if (output.json) {
        output.printJson(MaintenanceJson.tiering(resolved.toString(), r, r.after()));
      } else {
        printMoved(out, resolved, r);
      }
      if (!r.failures().isEmpty()) {
        throw new IllegalStateException(
            "tiering stopped at partition "
                + r.failures().get(0).partition()
                + ": "
                + r.failures().get(0).cause().getMessage());
      }
    }
  }

  private static void printMoved(PrintWriter out, ResolvedTable resolved, TierResult r) {
    out.printf(
        "%s: moved %d files (%s) into %d cold files (%s), snapshot %s, %s%n",
        resolved,
        r.movedFiles(),
        Format.bytes(r.movedBytes()),
        r.coldFilesWritten(),
        Format.bytes(r.coldBytesWritten()),
        r.snapshotId() == null ? "none (nothing to do)" : r.snapshotId(),
        Format.duration(r.elapsed()));
    print(out, resolved.toString(), r.after());
  }

  static void print(PrintWriter out, String table, TierReport report) {
    out.printf(
        "%s tiers: hot %d files (%s), cold %d files (%s)%n",
        table,
        report.hotFiles(),
        Format.bytes(report.hotBytes()),
        report.coldFiles(),
        Format.bytes(report.coldBytes()));
  }
}
