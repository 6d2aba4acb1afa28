package dev.floe.spark;

import java.util.Set;

/**
 * Configuration keys of Floe's Spark engine ({@code floe compact|expire|maintain --engine spark},
 * {@code floe bench spark}), read from Floe's configuration like every other setting (a properties
 * file, {@code FLOE_SPARK_*} variables).
 */
public final class SparkProperties {
  private SparkProperties() {}

  /** Spark's master URL. */
  public static final String MASTER = "floe.spark.master";

  public static final String MASTER_DEFAULT = "local[*]";

  /**
   * A Spark installation whose {@code jars/} hold Spark 3.5 and {@code
   * iceberg-spark-runtime-3.5_2.12}; default: the {@code SPARK_HOME} environment variable.
   */
  public static final String HOME = "floe.spark.home";

  /**
   * More classpath entries for Spark ({@code :}-separated jars, class folders or {@code folder/*}),
   * after the Spark home's jars; or all of Spark's when there is no Spark home.
   */
  public static final String CLASSPATH = "floe.spark.classpath";

  static final Set<String> KNOWN = Set.of(MASTER, HOME, CLASSPATH);
}
