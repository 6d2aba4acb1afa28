package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.compaction.BinPack;
import dev.floe.compaction.Compaction;
import dev.floe.compaction.CompactionResult;
import dev.floe.compaction.ManifestRewrite;
import dev.floe.spark.SparkEngine;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "compact",
    mixinStandardHelpOptions = true,
    description = {
      "Bin-pack small data files of a branch into target-size files in one commit (or up to",
      "--partial-progress N commits: a failure keeps the commits before it, a re-run does the",
      "rest). Position deletes, deletion vectors and equality deletes are applied."
    })
final class CompactCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;
  @Mixin EngineOptions engine;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "TABLE", description = "db.table or db.table@branch")
  String table;

  @Option(
      names = "--target-file-size-mb",
      defaultValue = "128",
      converter = PositiveConverter.ToLong.class,
      description = "Target file size in MiB (default 128).")
  long targetMb;

  @Option(
      names = "--min-input-files",
      defaultValue = "2",
      description = "Leave partitions with fewer small files alone (default 2).")
  int minInputFiles;

  @Option(
      names = "--parallelism",
      description = "Groups rewritten at once (default: table property, else 1-2).")
  Integer parallelism;

  @Option(
      names = "--max-mb-per-run",
      description = "Rewrite at most this many MiB of input; the rest waits for the next run.")
  Long maxMbPerRun;

  @Option(
      names = "--partial-progress",
      paramLabel = "MAX_COMMITS",
      converter = PositiveConverter.ToInt.class,
      description = "Commit in up to this many commits instead of one; committed ones stay.")
  Integer maxCommits;

  @Option(
      names = "--sort-by",
      split = ",",
      paramLabel = "COL",
      description = "Sort rows within each output file by these columns.")
  String[] sortBy;

  @Option(
      names = "--rewrite-manifests",
      description = "Also merge the data manifests (main branch only).")
  boolean rewriteManifests;

  @Override
  public void run() {
    if (engine.spark()) {
      runOnSpark();
      return;
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Floe floe = catalog.open()) {
      ResolvedTable resolved = floe.tables().resolve(table);
      BinPack binPack =
          Compaction.binPack(resolved)
              .targetFileSizeBytes(targetMb << 20)
              .minInputFiles(minInputFiles);
      if (parallelism != null) {
        binPack.parallelism(parallelism);
      }
      if (maxMbPerRun != null) {
        binPack.maxBytesPerRun(maxMbPerRun << 20);
      }
      if (sortBy != null) {
        binPack.sortBy(sortBy);
      }
      if (maxCommits != null) {
        binPack.partialProgress(maxCommits);
      }
      CompactionResult r = binPack.commit();
      ManifestRewrite.Result manifests =
          rewriteManifests && SnapshotRef.MAIN_BRANCH.equals(resolved.ref())
              ? Compaction.rewriteManifests(resolved.table()).commit()
              : null;
      if (output.json) {
        Map<String, Object> m = MaintenanceJson.compaction(resolved.toString(), r);
        m.put("manifests", MaintenanceJson.manifests(manifests));
        output.printJson(m);
      } else {
        print(out, resolved, r, manifests);
      }
      Preconditions.checkState(
          r.failures().isEmpty(),
          "%s compaction groups failed; committed groups stay, re-run",
          r.failures().size());
    }
  }

  // Iceberg's RewriteDataFiles on Spark, bin-pack in one commit: options that shape Floe's own
  // groups and commits have no counterpart there and are refused rather than ignored.
  private void runOnSpark() {
    engine.refuse(maxMbPerRun != null, "--max-mb-per-run");
    engine.refuse(maxCommits != null, "--partial-progress");
    engine.refuse(sortBy != null, "--sort-by");
    engine.refuse(rewriteManifests, "--rewrite-manifests");
    long started = System.nanoTime();
    Map<String, String> options = new LinkedHashMap<>();
    options.put("target-file-size-bytes", String.valueOf(targetMb << 20));
    options.put("min-input-files", String.valueOf(minInputFiles));
    if (parallelism != null) {
      options.put("max-concurrent-file-group-rewrites", String.valueOf(parallelism));
    }
    try (Floe floe = catalog.open()) {
      // a missing table or branch fails here, as on the floe engine; a tag is refused
      SparkRuns.writableBranch(floe, table, "compact");
      String name = table.trim();
      try (SparkEngine spark = engine.start(catalog.config())) {
        Map<String, Object> m = SparkRuns.compact(spark, name, options, started);
        if (output.json) {
          output.printJson(m);
        } else {
          SparkRuns.printCompaction(output.out(), m);
        }
      }
    }
  }

  private void print(
      PrintWriter out, ResolvedTable resolved, CompactionResult r, ManifestRewrite.Result m) {
    out.printf(
        "%s: rewrote %d files (%s) into %d (%s) in %d groups, %d commits writing %d manifests,"
            + " snapshot %s, %s%n",
        resolved,
        r.rewrittenFiles(),
        Format.bytes(r.rewrittenBytes()),
        r.addedFiles(),
        Format.bytes(r.addedBytes()),
        r.groups(),
        r.commits(),
        r.manifestsWritten(),
        r.snapshotId() == null ? "none (nothing to do)" : r.snapshotId(),
        Format.duration(r.elapsed()));
    if (r.removedRows() > 0 || r.removedDeleteFiles() > 0) {
      out.printf(
          "applied deletes: %d deleted rows left out, %d delete files no longer needed removed%n",
          r.removedRows(), r.removedDeleteFiles());
    }
    if (r.skippedGroups() > 0) {
      out.printf("%d groups left for the next run%n", r.skippedGroups());
    }
    for (CompactionResult.GroupFailure f : r.failures()) {
      spec.commandLine()
          .getErr()
          .printf(
              "failed group %s (%d files): %s%n",
              f.partition(), f.files(), FloeCli.oneLine(f.cause()));
    }
    if (m != null) {
      out.printf("manifests: %d -> %d%n", m.rewrittenManifests(), m.addedManifests());
    }
  }
}
