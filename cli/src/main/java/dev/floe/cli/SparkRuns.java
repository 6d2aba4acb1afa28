package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.compaction.CompactionProperties;
import dev.floe.compaction.MaintenancePolicy;
import dev.floe.spark.SparkEngine;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.util.PropertyUtil;

/**
 * The {@code --engine spark} side of compact, expire and maintain: the same checks as the floe
 * engine first (table and branch exist, no tag, not Nessie where Floe refuses too), then Floe's
 * Spark jobs ({@code FloeSpark}) through {@link SparkEngine}. JSON keys are the floe engine's where
 * the two measure the same thing, plus {@code engine}.
 */
final class SparkRuns {
  private SparkRuns() {}

  /**
   * The branch a Spark compaction writes ({@code db.t}, {@code db.t@branch}; in nessie mode a
   * Nessie branch), resolved by Floe before Spark starts: a missing table or ref fails here, and a
   * tag or a Nessie commit is refused, since neither can be written.
   */
  static ResolvedTable writableBranch(Floe floe, String table, String job) {
    ResolvedTable resolved = floe.tables().resolve(table);
    if (resolved.isTag()) {
      throw new ValidationException(
          "Cannot %s %s with --engine spark: '%s' is a tag or a commit, and a tag cannot be"
              + " written; name a branch",
          job, table, resolved.name().hasHash() ? resolved.name().hash() : resolved.name().ref());
    }
    return resolved;
  }

  static Map<String, Object> compact(
      SparkEngine spark, String table, Map<String, String> options, long started) {
    SparkEngine.Compacted r = spark.compact(table, options);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", table);
    m.put("engine", "spark");
    m.put("spark", spark.describe());
    m.put("rewritten_files", r.rewrittenFiles());
    m.put("added_files", r.addedFiles());
    m.put("snapshot_id", r.snapshotId());
    m.put("ledger_carried", r.ledgerCarried());
    m.put("elapsed_ms", elapsedMs(started));
    return m;
  }

  static void printCompaction(PrintWriter out, Map<String, Object> m) {
    out.printf(
        "%s: rewrote %s files into %s on %s, snapshot %s%s, %s%n",
        m.get("table"),
        m.get("rewritten_files"),
        m.get("added_files"),
        m.get("spark"),
        m.get("snapshot_id") == null ? "none (nothing to do)" : m.get("snapshot_id"),
        Boolean.TRUE.equals(m.get("ledger_carried")) ? ", exactly-once ledger carried" : "",
        Format.duration(Duration.ofMillis((Long) m.get("elapsed_ms"))));
  }

  /** Expiry on Spark; what it expired counted from the table before and after. */
  static Map<String, Object> expire(
      SparkEngine spark, Table table, String name, Duration olderThan, int retainLast) {
    long started = System.nanoTime();
    table.refresh();
    int before = size(table);
    SparkEngine.Expired r = spark.expire(name, Instant.now().minus(olderThan), retainLast);
    table.refresh();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", name);
    m.put("engine", "spark");
    m.put("spark", spark.describe());
    m.put("expired_snapshots", before - size(table));
    m.put("deleted_data_files", r.deletedDataFiles());
    m.put("deleted_manifest_files", r.deletedManifests());
    m.put("deleted_manifest_lists", r.deletedManifestLists());
    m.put(
        "kept_pinned_snapshots", table.refs().values().stream().filter(ref -> ref.isTag()).count());
    m.put("elapsed_ms", elapsedMs(started));
    return m;
  }

  static void printExpiry(PrintWriter out, Map<String, Object> m) {
    out.printf(
        "%s: expired %s snapshots on %s, deleted %s data files and %s manifests, kept %s pinned"
            + " snapshots, %s%n",
        m.get("table"),
        m.get("expired_snapshots"),
        m.get("spark"),
        m.get("deleted_data_files"),
        m.get("deleted_manifest_files"),
        m.get("kept_pinned_snapshots"),
        Format.duration(Duration.ofMillis((Long) m.get("elapsed_ms"))));
  }

  /**
   * Maintenance on Spark: compaction of {@code compacted} ({@code name} or a branch of it), expiry
   * and orphan removal of the table {@code name} (a dry run unless {@code delete}), with the
   * policy's {@code compact.*}, {@code expire.*} and {@code orphans.*} keys, the table's Floe
   * settings filling the gaps as on the floe engine.
   */
  static Map<String, Object> maintain(
      SparkEngine spark,
      Floe floe,
      String name,
      String compacted,
      MaintenancePolicy policy,
      Duration orphanWindow,
      boolean delete,
      PrintWriter progress) {
    long started = System.nanoTime();
    Table table = floe.tables().load(name);
    Map<String, String> p = policy.properties();
    Map<String, String> options = new LinkedHashMap<>();
    String target =
        p.getOrDefault(
            MaintenancePolicy.TARGET_FILE_SIZE_BYTES,
            p.get(MaintenancePolicy.TARGET_FILE_SIZE_BYTES_ALIAS));
    if (target != null) {
      options.put("target-file-size-bytes", target.trim());
    }
    options.put(
        "min-input-files",
        p.getOrDefault(
                MaintenancePolicy.MIN_INPUT_FILES,
                String.valueOf(
                    PropertyUtil.propertyAsInt(
                        table.properties(),
                        CompactionProperties.MIN_INPUT_FILES,
                        CompactionProperties.MIN_INPUT_FILES_DEFAULT)))
            .trim());
    if (p.containsKey(MaintenancePolicy.PARALLELISM)) {
      options.put(
          "max-concurrent-file-group-rewrites", p.get(MaintenancePolicy.PARALLELISM).trim());
    }
    progress.println("[1/3] compacting " + compacted + " on " + spark.describe());
    progress.flush();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", compacted);
    m.put("engine", "spark");
    m.put("compaction", compact(spark, compacted, options, System.nanoTime()));
    String olderThan = p.get(MaintenancePolicy.EXPIRE_OLDER_THAN);
    Duration age =
        olderThan != null
            ? MaintenancePolicy.duration(MaintenancePolicy.EXPIRE_OLDER_THAN, olderThan)
            : Duration.ofMillis(
                PropertyUtil.propertyAsLong(
                    table.properties(),
                    CompactionProperties.MAX_SNAPSHOT_AGE_MS,
                    CompactionProperties.MAX_SNAPSHOT_AGE_MS_DEFAULT));
    int retainLast =
        p.containsKey(MaintenancePolicy.EXPIRE_RETAIN_LAST)
            ? Integer.parseInt(p.get(MaintenancePolicy.EXPIRE_RETAIN_LAST).trim())
            : PropertyUtil.propertyAsInt(
                table.properties(),
                CompactionProperties.MIN_SNAPSHOTS_TO_KEEP,
                CompactionProperties.MIN_SNAPSHOTS_TO_KEEP_DEFAULT);
    progress.println("[2/3] expiring snapshots (pins are kept)");
    progress.flush();
    m.put("retention", expire(spark, table, name, age, retainLast));
    progress.println("[3/3] " + (delete ? "removing" : "listing") + " orphan files");
    progress.flush();
    SparkEngine.Orphans orphans =
        spark.removeOrphans(name, Instant.now().minus(orphanWindow), delete);
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("table", name);
    o.put("nessie_aware", false);
    o.put("deleted", orphans.deleted());
    o.put("count", orphans.files().size());
    o.put("files", orphans.files());
    o.put("kept_ledger_files", orphans.keptLedgerFiles());
    m.put("orphans", o);
    m.put("complete", true);
    m.put("elapsed_ms", elapsedMs(started));
    return m;
  }

  static void printMaintenance(PrintWriter out, Map<String, Object> m) {
    @SuppressWarnings("unchecked")
    Map<String, Object> c = (Map<String, Object>) m.get("compaction");
    @SuppressWarnings("unchecked")
    Map<String, Object> r = (Map<String, Object>) m.get("retention");
    @SuppressWarnings("unchecked")
    Map<String, Object> o = (Map<String, Object>) m.get("orphans");
    out.printf(
        "%s maintained on %s in %s%n",
        m.get("table"),
        c.get("spark"),
        Format.duration(Duration.ofMillis((Long) m.get("elapsed_ms"))));
    out.printf(
        "  compaction: %s files -> %s%s%n",
        c.get("rewritten_files"),
        c.get("added_files"),
        Boolean.TRUE.equals(c.get("ledger_carried")) ? ", ledger carried" : "");
    out.printf(
        "  retention:  expired %s snapshots, deleted %s data files, kept %s pinned%n",
        r.get("expired_snapshots"), r.get("deleted_data_files"), r.get("kept_pinned_snapshots"));
    out.printf(
        "  orphans:    %s files %s%n",
        o.get("count"),
        Boolean.TRUE.equals(o.get("deleted"))
            ? "deleted"
            : "found (dry run; --delete removes them)");
  }

  private static int size(Table table) {
    int n = 0;
    for (var ignored : table.snapshots()) {
      n++;
    }
    return n;
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
