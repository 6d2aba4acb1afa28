package dev.floe.spark;

import dev.floe.lockformat.Lock;
import dev.floe.lockformat.LockParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Floe's guarantees on Apache Spark 3.5: a training lock read back on Spark, exactly the pinned
 * rows, verified on the executors.
 *
 * <pre>{@code
 * Dataset<Row> train = FloeSpark.read(spark, Path.of("run-42/floe.lock.json"), Lock.Part.TRAIN);
 * }</pre>
 *
 * <p>Runs inside Spark: this class and what it calls use only Spark, Iceberg's Spark runtime and
 * {@code floe-lock-format} (JDK only), never Floe's catalog or Jackson. The session must have the
 * lock's catalog (named as the lock's {@code catalog}, see {@link SparkCatalogs}).
 */
public final class FloeSpark {
  private FloeSpark() {}

  /** Every row the lock pinned; see {@link #read(SparkSession, Path, Lock.Part)}. */
  public static Dataset<Row> read(SparkSession spark, Path lockFile) {
    return read(spark, lockFile, null);
  }

  /**
   * The rows of {@code part} of the lock's split (all rows when {@code part} is null), with the
   * lock's columns, as a Dataset of one Spark partition per data file, in the lock's file order and
   * each file's row order.
   *
   * <p>Checked on the driver now: the snapshot (by id) exists, its schema is the lock's, its data
   * and delete files have the lock's fingerprint, and the files the filter reads are those the lock
   * has digests of. Checked on the executors on every action: each file's rows (after its deletes
   * and the lock's filter, before the split) against the lock's per-file digest ({@code
   * floe-digest/1}) or per-unit digests ({@code /2}); rows are handed on only once their file or
   * unit matched, and a mismatch fails the job with a {@link LockMismatchException} naming the
   * file. A part's rows, picked by the lock's split, are checked against each unit's digest of that
   * part too, so an edited split (seed, fractions, key column) fails the job.
   *
   * @throws IllegalArgumentException if the lock file is malformed, holds several tables, has no
   *     per-file digests (format 4 on), or, when a part is asked for, no split or no digest of each
   *     unit's part rows (a lock pinned before they came in: pin it again)
   * @throws LockMismatchException if the snapshot, schema or files differ from the lock
   */
  public static Dataset<Row> read(SparkSession spark, Path lockFile, Lock.Part part) {
    Objects.requireNonNull(spark, "spark");
    Lock lock = lock(lockFile);
    if (part != null && lock.split() == null) {
      throw new IllegalArgumentException(
          "Cannot read part " + part + " of lock " + lockFile + ": it has no split");
    }
    if (lock.digestAlgorithm() == null) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot read lock %s on Spark: it has no per-file digests (format %s%s); pin it"
                  + " again with Floe to check it on executors",
              lockFile, lock.formatVersion(), lock.contentDigest() == null ? ", no digest" : ""));
    }
    if (part != null && !partsPinned(lock, part)) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot read part %s of lock %s on Spark: it pins no digest of each unit's %s rows"
                  + " (pinned before they came in, or edited), so an edited split could not be"
                  + " told; pin it again with Floe, or rehydrate the part with Floe",
              part, lockFile, part.name().toLowerCase(Locale.ROOT)));
    }
    Table table = table(spark, lock);
    boolean java8 =
        Boolean.parseBoolean(spark.conf().get("spark.sql.datetime.java8API.enabled", "false"));
    List<FileRead> files = LockPlan.plan(table, lock, part, java8);
    Schema projection =
        lock.columns().isEmpty()
            ? table.schemas().get(lock.schemaId())
            : table.schemas().get(lock.schemaId()).select(lock.columns());
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // One partition, so one task, per file: each element of the list is its own slice.
    JavaRDD<Row> rows =
        context.parallelize(files, Math.max(1, files.size())).mapPartitions(FloeSpark::verified);
    return spark.createDataFrame(rows, SparkSchemaUtil.convert(projection));
  }

  // Whether every unit of the lock pins its rows of the part (floe-digest/2 locks pinned since).
  private static boolean partsPinned(Lock lock, Lock.Part part) {
    return lock.files().stream()
        .allMatch(
            file ->
                !file.units().isEmpty()
                    && file.units().stream().allMatch(unit -> unit.parts().containsKey(part)));
  }

  // The task's one file, checked; closed when the task ends, also if it stops reading early.
  private static Iterator<Row> verified(Iterator<FileRead> reads) {
    if (!reads.hasNext()) {
      return Collections.emptyIterator();
    }
    VerifiedRows rows = new VerifiedRows(reads.next());
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> rows.close());
    }
    return rows;
  }

  private static Lock lock(Path lockFile) {
    Objects.requireNonNull(lockFile, "lockFile");
    List<Lock> locks;
    try {
      locks = LockParser.parse(Files.readString(lockFile));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read lock file " + lockFile, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid lock file " + lockFile + ": " + e.getMessage(), e);
    }
    if (locks.size() != 1) {
      throw new IllegalArgumentException(
          "Cannot read lock file " + lockFile + " on Spark: it pins " + locks.size() + " tables");
    }
    return locks.get(0);
  }

  /**
   * Compacts {@code table} (a Spark name, {@code floe.db.events}) through Iceberg's Spark action,
   * carrying the exactly-once ledger; see {@link SparkCompaction}.
   */
  public static SparkCompaction compact(SparkSession spark, String table) {
    return new SparkCompaction(spark, table(spark, table));
  }

  /** Expires snapshots of {@code table} on Spark, never a pinned one; see {@link SparkExpiry}. */
  public static SparkExpiry expire(SparkSession spark, String table) {
    return new SparkExpiry(spark, table(spark, table));
  }

  /**
   * Removes orphan files of {@code table} on Spark, keeping ledger files; see {@link SparkOrphans}.
   */
  public static SparkOrphans removeOrphans(SparkSession spark, String table) {
    return new SparkOrphans(spark, table(spark, table));
  }

  private static Table table(SparkSession spark, String name) {
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(name, "table");
    try {
      return Spark3Util.loadIcebergTable(spark, name);
    } catch (Exception e) {
      throw new IllegalArgumentException("Cannot load table " + name + ": " + e.getMessage(), e);
    }
  }

  private static Table table(SparkSession spark, Lock lock) {
    String name = lock.catalog() + "." + lock.table();
    if (lock.nessieHash() != null) {
      // Nessie-mode locks pin a Nessie commit: NessieCatalog reads `table@ref#hash` as of it.
      int dot = lock.table().lastIndexOf('.');
      String at =
          lock.table().substring(dot + 1) + "@" + lock.nessieRef() + "#" + lock.nessieHash();
      name =
          lock.catalog()
              + "."
              + lock.table().substring(0, Math.max(dot, 0))
              + ".`"
              + at.replace("`", "``")
              + "`";
    }
    try {
      return Spark3Util.loadIcebergTable(spark, name);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "Cannot load table "
              + name
              + " of the lock: is catalog '"
              + lock.catalog()
              + "' configured (spark.sql.catalog."
              + lock.catalog()
              + ")? "
              + e.getMessage(),
          e);
    }
  }
}
