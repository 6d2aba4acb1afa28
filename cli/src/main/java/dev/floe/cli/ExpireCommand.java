package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.compaction.Retention;
import dev.floe.compaction.RetentionResult;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "expire",
    mixinStandardHelpOptions = true,
    description =
        "Expire old snapshots and delete their files; tagged (pinned) snapshots are kept.")
final class ExpireCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "TABLE", description = "db.table")
  String table;

  @Option(
      names = "--older-than",
      defaultValue = "5d",
      converter = DurationConverter.class,
      description = "Expire snapshots older than this (default 5d; e.g. 7d, 12h, PT30M).")
  Duration olderThan;

  @Option(
      names = "--retain-last",
      defaultValue = "1",
      description = "Always keep this many recent snapshots (default 1).")
  int retainLast;

  @Override
  public void run() {
    try (Floe floe = catalog.open()) {
      RetentionResult r =
          Retention.of(floe.tables().load(table))
              .maxSnapshotAge(olderThan)
              .minSnapshotsToKeep(retainLast)
              .commit();
      spec.commandLine()
          .getOut()
          .printf(
              "%s: expired %d snapshots, deleted %d data files and %d manifests, kept %d pinned"
                  + " snapshots, %s%n",
              table,
              r.expiredSnapshots(),
              r.deletedDataFiles(),
              r.deletedManifestFiles(),
              r.keptPinnedSnapshots(),
              Format.duration(r.elapsed()));
    }
  }
}
