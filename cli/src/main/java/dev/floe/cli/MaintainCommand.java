package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.TableRef;
import dev.floe.compaction.Compaction;
import dev.floe.compaction.Maintenance;
import dev.floe.compaction.MaintenancePolicy;
import dev.floe.compaction.MaintenanceResult;
import dev.floe.spark.SparkEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description = {
      "Run compaction, tiering, snapshot expiry and orphan removal on one table, in that order.",
      "Safe to re-run after a crash. Pinned (tagged) snapshots are never expired.",
      "In nessie mode, expiry is skipped (Nessie keeps the history) and orphans are collected",
      "across every Nessie branch and tag, keeping files of their recent commits.",
      "Policy keys: write.target-file-size-bytes (Iceberg's key; compact.target-file-size-bytes",
      "is its deprecated alias), compact.min-input-files, compact.max-bytes-per-run,",
      "compact.parallelism, compact.rewrite-manifests,",
      "tier.cold-after, tier.cold-location, tier.cold-storage-class, tier.cold-codec,",
      "expire.older-than, expire.retain-last, orphans.older-than, orphans.delete.",
      "Orphan removal is a dry run (it lists what it would delete) unless --delete or the",
      "policy's orphans.delete=true, as for floe orphans. Deleting with an orphan window",
      "below 24h also needs --force: files of a commit in flight are in no snapshot yet."
    })
final class MaintainCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;
  @Mixin EngineOptions engine;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "TABLE", description = "db.table or db.table@branch")
  String table;

  /** Before the table was positional, as in every other command; still read. */
  @Option(
      names = "--table",
      hidden = true,
      paramLabel = "TABLE",
      description = "Deprecated: give TABLE as the argument.")
  String tableOption;

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy properties file.")
  Path policyFile;

  @Option(
      names = "--delete",
      description = "Delete the orphan files (default: only list them; as orphans.delete=true).")
  boolean delete;

  @Option(
      names = "--force",
      description = "Allow deleting with an orphan window below 24h (only when no writer runs).")
  boolean force;

  @Override
  public void run() {
    String table = table();
    MaintenancePolicy policy = readPolicy();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Floe floe = catalog.open()) {
      ResolvedTable resolved = floe.tables().resolve(table);
      Maintenance maintenance = Compaction.maintain(floe, table).policy(policy).force(force);
      OrphansCommand.checkSafeWindow(
          spec,
          maintenance.deletesOrphans(),
          force,
          maintenance.orphanWindow(),
          policy.properties().containsKey(MaintenancePolicy.ORPHANS_OLDER_THAN)
              ? MaintenancePolicy.ORPHANS_OLDER_THAN
              : "the orphan window");
      if (engine.spark()) {
        runOnSpark(floe, table, maintenance, policy, err);
        return;
      }
      MaintenanceResult r =
          maintenance
              .progress(
                  line -> {
                    err.println(line);
                    err.flush();
                  })
              .commit();
      if (output.json) {
        output.printJson(json(resolved.toString(), floe.tables().nessieMode(), r));
      } else {
        print(out, resolved, r);
      }
      Preconditions.checkState(r.complete(), "maintenance left work undone; re-run to finish it");
    }
  }

  // Nessie mode and tier rules are refused before anything runs: half a maintenance is worse.
  private void runOnSpark(
      Floe floe, String table, Maintenance maintenance, MaintenancePolicy policy, PrintWriter err) {
    String name = TableRef.parse(table).identifier().toString();
    if (floe.tables().nessieMode()) {
      throw new ValidationException(
          "Cannot maintain %s with --engine spark in nessie mode: orphan files must be collected"
              + " by reachability from every Nessie branch and tag, which Spark's DeleteOrphanFiles"
              + " does not do; use --engine floe (floe compact --engine spark compacts there)",
          name);
    }
    engine.refuse(
        policy.properties().keySet().stream().anyMatch(key -> key.startsWith("tier.")),
        "tier.* policy keys");
    engine.refuse(
        Boolean.parseBoolean(
            policy.properties().getOrDefault(MaintenancePolicy.REWRITE_MANIFESTS, "false").trim()),
        MaintenancePolicy.REWRITE_MANIFESTS + "=true");
    engine.refuse(
        policy.properties().containsKey(MaintenancePolicy.MAX_BYTES_PER_RUN),
        MaintenancePolicy.MAX_BYTES_PER_RUN);
    SparkRuns.writableBranch(floe, table, "maintain");
    try (SparkEngine spark = engine.start(catalog.config())) {
      Map<String, Object> m =
          SparkRuns.maintain(
              spark,
              floe,
              name,
              table.trim(),
              policy,
              maintenance.orphanWindow(),
              maintenance.deletesOrphans(),
              err);
      if (output.json) {
        output.printJson(m);
      } else {
        SparkRuns.printMaintenance(spec.commandLine().getOut(), m);
      }
    }
  }

  /** Each step in its own command's JSON shape; a skipped step is null. */
  private static Map<String, Object> json(String table, boolean nessie, MaintenanceResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", table);
    m.put("complete", r.complete());
    m.put("elapsed_ms", r.elapsed().toMillis());
    m.put("compaction", MaintenanceJson.compaction(table, r.compaction()));
    m.put("manifests", MaintenanceJson.manifests(r.manifests()));
    m.put(
        "tiering",
        r.tiering() == null
            ? null
            : MaintenanceJson.tiering(table, r.tiering(), r.tiering().after()));
    m.put(
        "retention",
        r.retention() == null ? null : MaintenanceJson.retention(table, r.retention()));
    m.put("orphans", MaintenanceJson.orphans(table, nessie, r.orphansDeleted(), r.orphans()));
    return m;
  }

  private static void print(PrintWriter out, ResolvedTable resolved, MaintenanceResult r) {
    out.printf("%s maintained in %s%n", resolved, Format.duration(r.elapsed()));
    out.printf(
        "  compaction: %d groups, %d files -> %d (%s -> %s), %d failed, %d left%n",
        r.compaction().groups(),
        r.compaction().rewrittenFiles(),
        r.compaction().addedFiles(),
        Format.bytes(r.compaction().rewrittenBytes()),
        Format.bytes(r.compaction().addedBytes()),
        r.compaction().failures().size(),
        r.compaction().skippedGroups());
    if (r.manifests() != null) {
      out.printf(
          "  manifests:  %d -> %d%n",
          r.manifests().rewrittenManifests(), r.manifests().addedManifests());
    }
    if (r.tiering() == null) {
      out.println("  tiering:    skipped (no tier rules)");
    } else {
      out.printf("  tiering:    moved %d files; ", r.tiering().movedFiles());
      TierCommand.print(out, "now", r.tiering().after());
    }
    if (r.retention() == null) {
      out.println("  retention:  skipped (nessie mode: Nessie keeps the history)");
    } else {
      out.printf(
          "  retention:  expired %d snapshots, deleted %d data files, kept %d pinned; files no"
              + " branch head uses kept: %d for pins, %d for retained older snapshots%n",
          r.retention().expiredSnapshots(),
          r.retention().deletedDataFiles(),
          r.retention().keptPinnedSnapshots(),
          r.retention().keptPinnedFiles(),
          r.retention().keptHistoryFiles());
    }
    out.printf(
        "  orphans:    %d files %s%n",
        r.orphans().size(),
        r.orphansDeleted() ? "deleted" : "found (dry run; --delete removes them)");
  }

  private String table() {
    if (table != null && tableOption != null && !table.equals(tableOption)) {
      throw new ParameterException(
          spec.commandLine(),
          String.format("Give the table once: TABLE is %s but --table is %s", table, tableOption));
    }
    if (table == null && tableOption == null) {
      throw new ParameterException(spec.commandLine(), "Missing required parameter: 'TABLE'");
    }
    if (table == null) {
      spec.commandLine()
          .getErr()
          .println("floe: warning: --table is deprecated; give the table as the argument");
    }
    return table != null ? table : tableOption;
  }

  private MaintenancePolicy readPolicy() {
    Map<String, String> values = new HashMap<>();
    if (policyFile != null) {
      values.putAll(readPolicyFile());
    }
    if (delete) {
      values.put(MaintenancePolicy.ORPHANS_DELETE, "true");
    }
    return new MaintenancePolicy(values);
  }

  private Map<String, String> readPolicyFile() {
    Properties loaded = new Properties();
    try (Reader reader = Files.newBufferedReader(policyFile)) {
      loaded.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read policy file " + policyFile, e);
    }
    Map<String, String> values = new HashMap<>();
    loaded.stringPropertyNames().forEach(k -> values.put(k, loaded.getProperty(k).trim()));
    return values;
  }
}
