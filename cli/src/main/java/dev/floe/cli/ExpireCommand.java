package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.TableRef;
import dev.floe.compaction.Compaction;
import dev.floe.compaction.RetentionResult;
import dev.floe.spark.SparkEngine;
import java.time.Duration;
import java.util.Map;
import org.apache.iceberg.exceptions.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "expire",
    mixinStandardHelpOptions = true,
    description =
        "Expire old snapshots of every branch of a table and delete the files no retained snapshot"
            + " uses (by reachability, so the last compaction's inputs go too); tagged (pinned)"
            + " snapshots and their files are kept. Not in nessie mode: there, floe orphans collects by"
            + " reachability.")
final class ExpireCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;
  @Mixin EngineOptions engine;
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
      converter = PositiveConverter.ToInt.class,
      description = "Always keep this many recent snapshots (default 1).")
  int retainLast;

  @Override
  public void run() {
    TableRef ref = TableRef.parse(table);
    if (!ref.isMain()) {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              "Cannot expire %s: snapshot expiry applies to the whole table (every branch keeps its"
                  + " newest --retain-last snapshots, tags keep theirs); run floe expire %s",
              table, ref.identifier()));
    }
    try (Floe floe = catalog.open()) {
      if (floe.tables().nessieMode()) {
        throw new ValidationException(
            "Cannot expire %s in nessie mode: Nessie branches and tags share files and keep the"
                + " history (gc.enabled=false); files no branch or tag reaches are freed by"
                + " reachability collection: floe orphans %s (--delete to remove them)",
            table, table);
      }
      if (engine.spark()) {
        try (SparkEngine spark = engine.start(catalog.config())) {
          Map<String, Object> m =
              SparkRuns.expire(spark, floe.tables().load(table), table, olderThan, retainLast);
          if (output.json) {
            output.printJson(m);
          } else {
            SparkRuns.printExpiry(output.out(), m);
          }
        }
        return;
      }
      RetentionResult r =
          Compaction.expireSnapshots(floe.tables().load(table))
              .maxSnapshotAge(olderThan)
              .minSnapshotsToKeep(retainLast)
              .commit();
      if (output.json) {
        output.printJson(MaintenanceJson.retention(table, r));
        return;
      }
      output
          .out()
          .printf(
              "%s: expired %d snapshots, deleted %d data files and %d manifests, kept %d pinned"
                  + " snapshots, %s%n",
              table,
              r.expiredSnapshots(),
              r.deletedDataFiles(),
              r.deletedManifestFiles(),
              r.keptPinnedSnapshots(),
              Format.duration(r.elapsed()));
      if (r.keptHistoryFiles() > 0 || r.keptPinnedFiles() > 0) {
        output
            .out()
            .printf(
                "kept %d data files no branch head uses: %d for retained older snapshots (freed"
                    + " when they expire), %d for pinned snapshots (kept while the pin's tag"
                    + " exists)%n",
                r.keptHistoryFiles() + r.keptPinnedFiles(),
                r.keptHistoryFiles(),
                r.keptPinnedFiles());
      }
    }
  }
}
