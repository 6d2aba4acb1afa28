package dev.floe.spark;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.GenericStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The ingest writers' exactly-once ledger as snapshot summaries name it (the format of Floe's
 * {@code CarriedLedger}, read here with Iceberg's API only, because this runs inside Spark where
 * floe-catalog cannot load): the ledger file of the newest snapshot naming one, or, on tables of
 * earlier Floe versions, the per-producer summary keys.
 */
final class SparkLedger {
  static final String LEDGER = "floe.ledger";
  static final String LEDGER_SHA256 = "floe.ledger-sha256";
  static final String COMMITTED_PREFIX = "floe.committed.";
  static final String CARRIED = "floe.committed-carried";

  /** Summary key naming the Spark maintenance run that made a snapshot. */
  static final String MARKER = "floe.spark-maintenance";

  private SparkLedger() {}

  /**
   * Makes sure the ledger {@code first} (a snapshot on {@code branch}) names is the newest below
   * it. If an append moved the ledger while {@code first} was being committed (Spark's action
   * retries on top of it), a snapshot naming the newer ledger is committed on top on the same
   * branch, and checked the same way: on {@code main} a manifest rewrite that rewrites nothing (a
   * {@code replace}, which readers of appends walk past), on other branches an append of no files,
   * the only kind of Iceberg 1.11 commit without data changes that can target a branch (a manifest
   * rewrite cannot, an empty file rewrite is refused).
   */
  static void ensureCarried(
      Table table, String branch, Snapshot first, Map<String, String> firstNamed) {
    Snapshot target = first;
    Map<String, String> named = firstNamed;
    for (int attempt = 0; attempt < 8; attempt++) {
      Map<String, String> below = carry(table, table.snapshot(target.parentId()));
      if (below.equals(named) || newerLedgerAbove(table, branch, target)) {
        String file = named.get(LEDGER);
        if (file != null) {
          register(table, file, target.snapshotId());
        }
        return;
      }
      String marker = UUID.randomUUID().toString();
      SnapshotUpdate<?> update =
          SnapshotRef.MAIN_BRANCH.equals(branch)
              ? table.rewriteManifests().rewriteIf(manifest -> false)
              : table.newFastAppend().toBranch(branch);
      update.set(MARKER, marker);
      below.forEach(update::set);
      update.commit();
      table.refresh();
      target = find(table, branch, marker);
      named = below;
      if (target == null) {
        throw new IllegalStateException(
            "Cannot carry the exactly-once ledger of "
                + table.name()
                + " on branch "
                + branch
                + ": the repair commit left no snapshot; run Floe's compaction to carry it");
      }
    }
    throw new CommitFailedException(
        "Cannot carry the exactly-once ledger of %s on branch %s: it kept moving",
        table.name(), branch);
  }

  // Whether a snapshot above target (up to the branch head) names a ledger: readers find it first.
  private static boolean newerLedgerAbove(Table table, String branch, Snapshot target) {
    for (Snapshot snapshot : ancestors(table, branch)) {
      if (snapshot.snapshotId() == target.snapshotId()) {
        return false;
      }
      Map<String, String> summary = snapshot.summary();
      if (summary != null && (summary.containsKey(LEDGER) && !summary.containsKey(MARKER))) {
        return true;
      }
    }
    return false;
  }

  /** The snapshot on {@code branch}'s ancestry whose summary carries {@code marker}, or null. */
  static Snapshot find(Table table, String branch, String marker) {
    for (Snapshot snapshot : ancestors(table, branch)) {
      if (snapshot.summary() != null && marker.equals(snapshot.summary().get(MARKER))) {
        return snapshot;
      }
    }
    return null;
  }

  private static Iterable<Snapshot> ancestors(Table table, String branch) {
    Snapshot head = table.snapshot(branch);
    return head == null
        ? java.util.List.of()
        : SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot);
  }

  /**
   * The summary keys a maintenance snapshot on top of {@code head} must carry so the ledger
   * survives expiry of the snapshots below it; empty when no snapshot holds a ledger. Snapshots of
   * Spark maintenance ({@link #MARKER}) are walked past: their ledger is a copy, possibly stale.
   */
  static Map<String, String> carry(Table table, Snapshot head) {
    Map<String, String> fallback = Map.of();
    Map<String, String> marked = null;
    if (head == null) {
      return fallback;
    }
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(head.snapshotId(), table::snapshot)) {
      Map<String, String> summary = snapshot.summary() == null ? Map.of() : snapshot.summary();
      if (summary.containsKey(MARKER)) {
        // A Spark maintenance snapshot only copies (or repairs) a ledger from below: taken only
        // when the snapshots it copied from have expired.
        if (marked == null && summary.containsKey(LEDGER)) {
          marked =
              Map.of(
                  LEDGER,
                  summary.get(LEDGER),
                  LEDGER_SHA256,
                  summary.getOrDefault(LEDGER_SHA256, ""));
        }
        continue;
      }
      if (summary.containsKey(LEDGER)) {
        return Map.of(
            LEDGER, summary.get(LEDGER), LEDGER_SHA256, summary.getOrDefault(LEDGER_SHA256, ""));
      }
      Map<String, String> committed = new LinkedHashMap<>();
      summary.forEach(
          (key, value) -> {
            if (key.startsWith(COMMITTED_PREFIX)) {
              committed.put(key, value);
            }
          });
      if (!committed.isEmpty()) {
        committed.put(CARRIED, "true");
        if (!summary.containsKey(CARRIED)) {
          return committed;
        }
        if (fallback.isEmpty()) {
          fallback = committed;
        }
      }
    }
    return marked != null ? marked : fallback;
  }

  /** Every ledger file any snapshot still names: orphan removal must never delete one. */
  static Set<String> files(Table table) {
    Set<String> files = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      if (snapshot.summary() != null && snapshot.summary().containsKey(LEDGER)) {
        files.add(normalized(snapshot.summary().get(LEDGER)));
      }
    }
    table.statisticsFiles().forEach(file -> files.add(normalized(file.path())));
    return files;
  }

  /**
   * The ledger file registered as {@code snapshotId}'s statistics file too, as Floe's own
   * maintenance does, so expiry and Iceberg's orphan removal keep it; false if the table's metadata
   * no longer lists the file (then only {@link #files} protects it).
   */
  static boolean register(Table table, String location, long snapshotId) {
    for (StatisticsFile known : table.statisticsFiles()) {
      if (known.path().equals(location)) {
        table
            .updateStatistics()
            .setStatistics(
                new GenericStatisticsFile(
                    snapshotId,
                    known.path(),
                    known.fileSizeInBytes(),
                    known.fileFooterSizeInBytes(),
                    java.util.List.of()))
            .commit();
        return true;
      }
    }
    return false;
  }

  /** A location without its scheme, so {@code file:/a} and {@code /a} compare equal. */
  static String normalized(String location) {
    String path = location.replaceFirst("^file:(//)?", "");
    return path.startsWith("/") ? path : location;
  }
}
