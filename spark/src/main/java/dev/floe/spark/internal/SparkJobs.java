package dev.floe.spark.internal;

import dev.floe.lockformat.Lock;
import dev.floe.spark.FloeSpark;
import dev.floe.spark.SparkCompaction;
import dev.floe.spark.SparkExpiry;
import dev.floe.spark.SparkOrphans;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark side of {@link SparkRuntime}: loaded only in the isolated class loader that holds
 * Spark, so it may use Spark, Iceberg's Spark runtime and {@code floe-lock-format}, never Floe's
 * catalog or Jackson. Only JDK values (maps, lists, strings, boxed numbers) go in and out; each job
 * runs in a new session of the one context, with the caller's catalog settings as its own.
 */
public final class SparkJobs {
  private static SparkSession spark;

  private SparkJobs() {}

  /** Starts the context; {@code settings} are static Spark settings (master, dirs, extensions). */
  public static synchronized void start(Map<String, String> settings)
      throws ClassNotFoundException {
    // DriverManager hands a driver only to the class loader that registered it.
    Class.forName("org.sqlite.JDBC");
    SparkSession.Builder builder = SparkSession.builder().appName("floe");
    settings.forEach(builder::config);
    spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
  }

  public static synchronized void stop() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }

  /**
   * {@link FloeSpark#compact} of {@code branch}: rewritten, added, snapshot (or null), ledger
   * carried.
   */
  public static Map<String, Object> compact(
      Map<String, String> catalog, String table, String branch, Map<String, String> options) {
    return inSession(
        catalog,
        session -> {
          SparkCompaction compaction = FloeSpark.compact(session, table).toBranch(branch);
          options.forEach(compaction::option);
          SparkCompaction.Result result = compaction.commit();
          Map<String, Object> values = new LinkedHashMap<>();
          values.put("rewritten_files", result.rewrittenFiles());
          values.put("added_files", result.addedFiles());
          values.put("snapshot_id", result.snapshotId());
          values.put("ledger_carried", result.ledgerCarried());
          return values;
        });
  }

  /** {@link FloeSpark#expire}: the files deleted. */
  public static Map<String, Object> expire(
      Map<String, String> catalog, String table, long olderThanMillis, int retainLast) {
    return inSession(
        catalog,
        session -> {
          SparkExpiry.Result result =
              FloeSpark.expire(session, table)
                  .olderThan(Instant.ofEpochMilli(olderThanMillis))
                  .retainLast(retainLast)
                  .commit();
          Map<String, Object> values = new LinkedHashMap<>();
          values.put("deleted_data_files", result.deletedDataFiles());
          values.put("deleted_manifests", result.deletedManifests());
          values.put("deleted_manifest_lists", result.deletedManifestLists());
          return values;
        });
  }

  /** {@link FloeSpark#removeOrphans}: the orphans found (deleted unless a dry run), ledger kept. */
  public static Map<String, Object> removeOrphans(
      Map<String, String> catalog, String table, long olderThanMillis, boolean delete) {
    return inSession(
        catalog,
        session -> {
          SparkOrphans.Result result =
              FloeSpark.removeOrphans(session, table)
                  .olderThan(Instant.ofEpochMilli(olderThanMillis))
                  .delete(delete)
                  .execute();
          Map<String, Object> values = new LinkedHashMap<>();
          values.put("orphans", List.copyOf(result.deleted()));
          values.put("kept", List.copyOf(result.kept()));
          return values;
        });
  }

  /**
   * {@link FloeSpark#read} of a lock (part by name, or all rows), every row read and verified on
   * the executors; the number of rows.
   */
  public static long readLock(Map<String, String> catalog, String lockFile, String part) {
    return inSession(
        catalog,
        session ->
            FloeSpark.read(
                    session, Path.of(lockFile), part == null ? null : Lock.Part.valueOf(part))
                .count());
  }

  private static synchronized <T> T inSession(
      Map<String, String> catalog, Function<SparkSession, T> job) {
    if (spark == null) {
      throw new IllegalStateException("Spark is not started");
    }
    SparkSession session = spark.newSession();
    catalog.forEach(
        (key, value) -> {
          if (key.startsWith("spark.sql.catalog.")) {
            session.conf().set(key, value);
          }
        });
    // Iceberg's Spark3Util resolves catalogs through the active session's configuration.
    SparkSession.setActiveSession(session);
    try {
      return job.apply(session);
    } finally {
      SparkSession.clearActiveSession();
    }
  }
}
