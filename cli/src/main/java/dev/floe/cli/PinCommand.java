package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.Pin;
import dev.floe.timetravel.PinAll;
import dev.floe.timetravel.Split;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.expressions.Expression;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "pin",
    mixinStandardHelpOptions = true,
    description =
        "Pin a training snapshot of one or more tables: tag it and write a lock file to"
            + " rehydrate it later.")
final class PinCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "TABLE",
      arity = "1..*",
      description =
          "db.table or db.table@branch (nessie mode: also @branch#hash). Several tables make one"
              + " lock file; in nessie mode the tables of one branch are pinned at one commit.")
  List<String> tables;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "LOCK",
      description = "Lock file to write.")
  Path out;

  @Option(
      names = "--force",
      description = "Replace an existing lock file at --out (it may be an earlier run's lock).")
  boolean force;

  @Option(names = "--snapshot", paramLabel = "ID", description = "Snapshot (default: current).")
  Long snapshot;

  @Option(
      names = "--tag",
      description =
          "Tag that keeps the pinned data (default floe-pin-<snapshot id>; in nessie mode a"
              + " Nessie tag on the pinned commit, default floe-pin-<commit hash prefix>).")
  String tag;

  @Mixin RowOptions selection;

  @Option(
      names = "--table-columns",
      paramLabel = "TABLE=COLS",
      description =
          "Columns to pin of one table, e.g. --table-columns ml.labels=id,label; repeatable.")
  Map<String, String> tableColumns;

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
    Expression rows = selection.filter();
    if (tableColumns != null) {
      for (String table : tableColumns.keySet()) {
        if (!tables.contains(table)) {
          throw new ParameterException(
              spec.commandLine(),
              "Invalid --table-columns '" + table + "': not one of the tables pinned " + tables);
        }
      }
    }
    if (split != null && split.size() != 5) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid --split '"
              + String.join(",", split)
              + "': expected KEY,TRAIN,VALIDATION,TEST,SEED");
    }
    if (!force && java.nio.file.Files.exists(out)) {
      // An earlier run's lock is the only record of its split and digest: never replace it
      // silently.
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          String.format(
              "Lock file %s exists (an earlier run's lock?): choose another --out, or add --force"
                  + " to replace it",
              out));
    }
    try (Floe floe = catalog.open()) {
      PinAll pins = TimeTravel.pinAll(floe, tables);
      pins.configureEach(pin -> configure(pin, rows));
      if (tableColumns != null) {
        tableColumns.forEach(
            (table, cols) -> pins.configure(table, pin -> pin.select(cols.split(","))));
      }
      if (tag != null) {
        TagCommand.checkName(spec, "tag", tag, floe.tables().nessieMode());
        pins.tag(tag);
      }
      LockFile file = pins.commit();
      // A lock file of one table keeps the single-table format older Floe versions read.
      if (force) {
        file.write(out);
      } else {
        file.writeNew(out); // a run racing for --out since the check above must not be replaced
      }
      if (output.json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lock_file", out.toAbsolutePath().toString());
        m.put("tables", file.locks().stream().map(MaintenanceJson::lock).toList());
        output.printJson(m);
        return;
      }
      PrintWriter printed = output.out();
      for (TrainingLock lock : file.locks()) {
        printed.printf(
            "Pinned %s snapshot %d as %stag %s: %s files, %s rows, fingerprint %s%n",
            lock.label(),
            lock.snapshotId(),
            lock.nessieHash() == null
                ? ""
                : "Nessie commit " + lock.nessieHash().substring(0, 12) + ", ",
            lock.tag(),
            Format.count(lock.dataFiles()),
            rows(lock),
            lock.fingerprint().substring(0, 16));
      }
      printed.printf("Lock: %s%n", out.toAbsolutePath());
    }
  }

  /**
   * The rows a lock reads: exact when the lock counted them, else at most the data files' records
   * (a --no-digest pin of a filtered table or one with equality deletes).
   */
  static String rows(TrainingLock lock) {
    return lock.rows() != null
        ? Format.count(lock.rows())
        : "at most " + Format.count(lock.records());
  }

  private void configure(Pin pin, Expression rows) {
    pin.contentDigest(!noDigest);
    if (snapshot != null) {
      if (tables.size() > 1) {
        throw new ParameterException(
            spec.commandLine(), "Invalid --snapshot: it names a snapshot of one table only");
      }
      pin.snapshot(snapshot);
    }
    if (selection.columns != null) {
      pin.select(selection.columns());
    }
    if (rows != null) {
      pin.filter(rows);
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
            Split.by(split.get(0))
                .train(Double.parseDouble(split.get(1)))
                .validation(Double.parseDouble(split.get(2)))
                .test(Double.parseDouble(split.get(3)))
                .seed(Long.parseLong(split.get(4)))
                .build());
      } catch (NumberFormatException e) {
        throw new ParameterException(
            spec.commandLine(),
            "Invalid --split '" + String.join(",", split) + "': " + e.getMessage());
      }
    }
    if (shuffle != null) {
      pin.shuffle(shuffle);
    }
  }
}
