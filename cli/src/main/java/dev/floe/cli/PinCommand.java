package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.timetravel.Pin;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "pin",
    mixinStandardHelpOptions = true,
    description = "Pin a training snapshot: tag it and write a lock file to rehydrate it later.")
final class PinCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "TABLE", description = "db.table or db.table@branch")
  String table;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "LOCK",
      description = "Lock file to write.")
  Path out;

  @Option(names = "--snapshot", paramLabel = "ID", description = "Snapshot (default: current).")
  Long snapshot;

  @Option(names = "--tag", description = "Tag name (default floe-pin-<snapshot id>).")
  String tag;

  @Option(names = "--columns", split = ",", paramLabel = "COL", description = "Columns to pin.")
  List<String> columns;

  @Option(
      names = "--no-digest",
      description = "Skip reading the data to record its content digest (faster, weaker proof).")
  boolean noDigest;

  @Override
  public void run() {
    try (Floe floe = catalog.open()) {
      Pin pin = TimeTravel.pin(floe, table).contentDigest(!noDigest);
      if (snapshot != null) {
        pin.snapshot(snapshot);
      }
      if (tag != null) {
        pin.tag(tag);
      }
      if (columns != null) {
        pin.select(columns.toArray(new String[0]));
      }
      TrainingLock lock = pin.writeTo(out);
      spec.commandLine()
          .getOut()
          .printf(
              "Pinned %s snapshot %d as tag %s: %s files, %s rows, fingerprint %s%nLock: %s%n",
              lock.table(),
              lock.snapshotId(),
              lock.tag(),
              Format.count(lock.dataFiles()),
              Format.count(lock.records()),
              lock.fingerprint().substring(0, 16),
              out.toAbsolutePath());
    }
  }
}
