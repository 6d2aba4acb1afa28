package dev.floe.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Spark {@code local[2]} session for the whole test run, shared by every test class of the
 * module: starting Spark costs seconds, so it starts once, on first use, and stops when JUnit
 * closes its root store at the end of the run.
 *
 * <p>Spark's catalogs are fixed when the session starts, while each test has its own temp
 * warehouse: a test opens its warehouse's catalog as a session setting ({@link #open}), under a
 * catalog name of its own, so tests never see each other's tables.
 */
public final class LocalSpark implements BeforeAllCallback {
  private static final String KEY = LocalSpark.class.getName();

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(KEY, key -> new Session(start()), Session.class);
  }

  /** The shared session; valid only in a class that registered this extension. */
  public static SparkSession spark() {
    SparkSession active = SparkSession.getActiveSession().getOrElse(() -> null);
    return active != null ? active : SparkSession.getDefaultSession().get();
  }

  /** Opens the catalog of {@code settings} (from {@link SparkCatalogs}) in the shared session. */
  public static void open(Map<String, String> settings) {
    SparkSession spark = spark();
    settings.forEach((key, value) -> spark.conf().set(key, value));
  }

  private static SparkSession start() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("floe-spark-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", SparkCatalogs.EXTENSIONS)
        .getOrCreate();
  }

  private record Session(SparkSession spark) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      spark.stop();
    }
  }
}
