package dev.floe.spark;

import dev.floe.lockformat.Lock;
import dev.floe.lockformat.SplitHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The Spark side of {@link LocalSpark}, loaded in Spark's own class loader: only Spark and JDK
 * types here, and only JDK types (maps, lists, strings, boxed numbers) cross to the tests.
 */
public final class SparkBridge {
  private static SparkSession spark;
  private static Path scratch;

  private SparkBridge() {}

  public static void start() throws ClassNotFoundException, IOException {
    // DriverManager hands a driver only to the class loader that registered it: Floe's copy in
    // the tests' loader is not Spark's.
    Class.forName("org.sqlite.JDBC");
    // Spark's own warehouse (for its session catalog) would land in the working directory.
    scratch = Files.createTempDirectory("floe-spark");
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("floe-spark-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.warehouse.dir", scratch.resolve("spark-warehouse").toString())
            .config("spark.local.dir", scratch.resolve("local").toString())
            .config("spark.sql.extensions", SparkCatalogs.EXTENSIONS)
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
  }

  public static void stop() throws IOException {
    spark.stop();
    try (Stream<Path> paths = Files.walk(scratch)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /**
   * Runs each statement in a new session of the shared context with {@code settings} applied (its
   * catalogs are its own), and returns the rows of the last.
   */
  public static List<List<Object>> sql(Map<String, String> settings, List<String> statements) {
    SparkSession session = spark.newSession();
    // The split position of a long key, computed on the executors by Floe's own function.
    session
        .udf()
        .register(
            "floe_split_position",
            (UDF2<Long, Long, Double>) (seed, key) -> SplitHash.position(seed, "key", key),
            DataTypes.DoubleType);
    settings.forEach(
        (key, value) -> {
          if (key.startsWith("spark.sql.catalog.")) {
            session.conf().set(key, value);
          } else if (!value.equals(session.conf().get(key))) {
            // A static setting (the SQL extensions) is fixed when the context starts.
            throw new IllegalStateException("Static Spark setting differs: " + key);
          }
        });
    List<Row> rows = List.of();
    for (String statement : statements) {
      rows = session.sql(statement).collectAsList();
    }
    return values(rows);
  }

  /**
   * {@link FloeSpark#read} of {@code lockFile} ({@code part} by name or null), collected, followed
   * by one row holding the Dataset's partition count.
   */
  public static List<List<Object>> readLock(
      Map<String, String> settings, String lockFile, String part) {
    SparkSession session = spark.newSession();
    settings.forEach(
        (key, value) -> {
          if (key.startsWith("spark.sql.catalog.")) {
            session.conf().set(key, value);
          }
        });
    Lock.Part wanted = part == null ? null : Lock.Part.valueOf(part);
    // Iceberg's Spark3Util resolves catalogs through the active session's configuration.
    SparkSession.setActiveSession(session);
    try {
      Dataset<Row> rows = FloeSpark.read(session, Path.of(lockFile), wanted);
      List<List<Object>> values = values(rows.collectAsList());
      // The Dataset's partitions (one task each) ride along as a last row: [partitions].
      values.add(List.of(rows.rdd().getNumPartitions()));
      return values;
    } finally {
      SparkSession.clearActiveSession();
    }
  }

  /**
   * Runs a maintenance job ({@code compact}, {@code compact@branch}, {@code expire} or {@code
   * orphans}) of {@link FloeSpark} on {@code table}; its result's fields as JDK values.
   */
  public static List<Object> maintain(
      Map<String, String> settings, String table, String job, long olderThanMillis) {
    SparkSession session = spark.newSession();
    settings.forEach(
        (key, value) -> {
          if (key.startsWith("spark.sql.catalog.")) {
            session.conf().set(key, value);
          }
        });
    SparkSession.setActiveSession(session);
    try {
      Instant olderThan = Instant.ofEpochMilli(olderThanMillis);
      return switch (job) {
        case "compact" -> {
          SparkCompaction.Result result =
              FloeSpark.compact(session, table).option("min-input-files", "2").commit();
          yield List.of(
              result.rewrittenFiles(),
              result.addedFiles(),
              result.snapshotId() == null ? -1L : result.snapshotId(),
              result.ledgerCarried());
        }
        case "expire" -> {
          SparkExpiry.Result result =
              FloeSpark.expire(session, table).olderThan(olderThan).retainLast(1).commit();
          yield List.of(result.deletedDataFiles(), result.deletedManifests());
        }
        case "orphans" -> {
          SparkOrphans.Result result =
              FloeSpark.removeOrphans(session, table).olderThan(olderThan).execute();
          yield List.of(result.deleted(), result.kept());
        }
        default -> {
          if (!job.startsWith("compact@")) {
            throw new IllegalArgumentException("Unknown job " + job);
          }
          SparkCompaction.Result result =
              FloeSpark.compact(session, table)
                  .toBranch(job.substring("compact@".length()))
                  .option("min-input-files", "2")
                  .commit();
          yield List.of(
              result.rewrittenFiles(),
              result.addedFiles(),
              result.snapshotId() == null ? -1L : result.snapshotId(),
              result.ledgerCarried());
        }
      };
    } finally {
      SparkSession.clearActiveSession();
    }
  }

  private static List<List<Object>> values(List<Row> rows) {
    List<List<Object>> values = new ArrayList<>();
    for (Row row : rows) {
      List<Object> fields = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        fields.add(java(row.get(i)));
      }
      values.add(fields);
    }
    return values;
  }

  private static Object java(Object value) {
    if (value instanceof Timestamp timestamp) {
      Instant instant = timestamp.toInstant();
      return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }
    if (value instanceof Seq<?> seq) {
      List<Object> list = new ArrayList<>();
      JavaConverters.seqAsJavaList(seq).forEach(element -> list.add(java(element)));
      return list;
    }
    return value;
  }
}
