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
import picocli.CommandLine.ParameterException;
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
      names = "--split",
      paramLabel = "KEY,TRAIN,VALIDATION,TEST,SEED",
      split = ",",
      description =
          "Record a deterministic split by a hash of column KEY with SEED, e.g. id,0.8,0.1,0.1,42;"
              + " rehydrate --part reads one part.")
  List<String> split;

  @Option(
      names = "--shuffle",
      paramLabel = "SEED",
      description = "Record a seeded shuffle of the row order; rehydrate returns rows in it.")
  Long shuffle;

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
      if (split != null) {
        if (split.size() != 5) {
          throw new ParameterException(
              spec.commandLine(),
              "Invalid --split '"
                  + String.join(",", split)
                  + "': expected KEY,TRAIN,VALIDATION,TEST,SEED");
        }
        try {
          pin.split(
              split.get(0),
              Double.parseDouble(split.get(1)),
              Double.parseDouble(split.get(2)),
              Double.parseDouble(split.get(3)),
              Long.parseLong(split.get(4)));
        } catch (NumberFormatException e) {
          throw new ParameterException(
              spec.commandLine(),
              "Invalid --split '" + String.join(",", split) + "': " + e.getMessage());
        }
      }
      if (shuffle != null) {
        pin.shuffle(shuffle);
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
