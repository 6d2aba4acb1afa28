package dev.floe.spark;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Spark {@code local[2]} context for the whole test run, shared by every test class of the
 * module: it starts once, on first use, and stops when JUnit closes its root store at the end.
 *
 * <p>Spark runs in a class loader of its own: the test classpath without Floe's modules and Floe's
 * (unshaded) Iceberg jars, so Spark sees only {@code iceberg-spark-runtime}, whose Iceberg classes
 * carry relocated Parquet, ORC and Arrow. On one flat classpath the two copies of {@code
 * org.apache.iceberg.*} mix and Spark's tasks fail with a ClassCastException between shaded and
 * unshaded Parquet types. The tests talk to Spark through {@link SparkBridge} with JDK types only;
 * Floe runs beside it in the ordinary class loader, on the same warehouse files.
 *
 * <p>Each test has its own temp warehouse under the catalog name {@code floe} (the JDBC catalog
 * stores the name with every table, so Spark must use Floe's); every {@link #sql} call runs in a
 * new Spark session whose catalogs are its own.
 */
public final class LocalSpark implements BeforeAllCallback {
  private static final String KEY = LocalSpark.class.getName();
  private static volatile Bridge bridge;

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(KEY, key -> start(), Bridge.class);
  }

  /** Runs {@code statements} in order with the catalog of {@code settings}; rows of the last. */
  public static List<List<Object>> sql(Map<String, String> settings, String... statements) {
    Bridge open = bridge;
    if (open == null) {
      throw new IllegalStateException("No Spark: register LocalSpark on the test class");
    }
    @SuppressWarnings("unchecked")
    List<List<Object>> rows =
        (List<List<Object>>)
            open.call(() -> open.sql.invoke(null, Map.copyOf(settings), List.of(statements)));
    return rows;
  }

  /**
   * Reads {@code lockFile} with {@link FloeSpark#read} on Spark (part by name, or null) with the
   * catalog of {@code settings}; the rows in Dataset order.
   */
  public static List<List<Object>> readLock(
      Map<String, String> settings, Path lockFile, String part) {
    return readLockWithPartitions(settings, lockFile, part).rows();
  }

  /** {@link #readLock}'s rows and the number of partitions (Spark tasks) of the Dataset. */
  public static LockRead readLockWithPartitions(
      Map<String, String> settings, Path lockFile, String part) {
    Bridge open = bridge;
    if (open == null) {
      throw new IllegalStateException("No Spark: register LocalSpark on the test class");
    }
    @SuppressWarnings("unchecked")
    List<List<Object>> rows =
        (List<List<Object>>)
            open.call(
                () -> open.readLock.invoke(null, Map.copyOf(settings), lockFile.toString(), part));
    int partitions = (Integer) rows.get(rows.size() - 1).get(0);
    return new LockRead(rows.subList(0, rows.size() - 1), partitions);
  }

  /** The rows of a lock read on Spark, and how many partitions its Dataset had. */
  public record LockRead(List<List<Object>> rows, int partitions) {}

  /** Runs maintenance {@code job} of {@link FloeSpark} on Spark; see {@code SparkBridge}. */
  public static List<Object> maintain(
      Map<String, String> settings, String table, String job, long olderThanMillis) {
    Bridge open = bridge;
    if (open == null) {
      throw new IllegalStateException("No Spark: register LocalSpark on the test class");
    }
    @SuppressWarnings("unchecked")
    List<Object> result =
        (List<Object>)
            open.call(
                () ->
                    open.maintain.invoke(null, Map.copyOf(settings), table, job, olderThanMillis));
    return result;
  }

  /**
   * Runs {@code hook} once, on the Spark task that first opens a data file through {@link
   * RacingFileIO} (the catalog's {@code io-impl}), with the tests' class loader as context loader.
   */
  public static void onFirstDataRead(Runnable hook) {
    Bridge open = bridge;
    if (open == null) {
      throw new IllegalStateException("No Spark: register LocalSpark on the test class");
    }
    ClassLoader tests = LocalSpark.class.getClassLoader();
    Runnable inTests =
        () -> {
          Thread thread = Thread.currentThread();
          ClassLoader previous = thread.getContextClassLoader();
          thread.setContextClassLoader(tests);
          try {
            hook.run();
          } finally {
            thread.setContextClassLoader(previous);
          }
        };
    open.call(
        () ->
            Class.forName(RacingFileIO.class.getName(), true, open.loader())
                .getMethod("arm", Runnable.class)
                .invoke(null, inTests));
  }

  private static Bridge start() {
    try {
      URLClassLoader loader =
          new URLClassLoader("spark", sparkClasspath(), ClassLoader.getPlatformClassLoader());
      Class<?> type = Class.forName(SparkBridge.class.getName(), true, loader);
      Bridge started =
          new Bridge(
              loader,
              type.getMethod("sql", Map.class, List.class),
              type.getMethod("readLock", Map.class, String.class, String.class),
              type.getMethod("maintain", Map.class, String.class, String.class, long.class),
              type.getMethod("stop"));
      started.call(() -> type.getMethod("start").invoke(null));
      bridge = started;
      return started;
    } catch (ReflectiveOperationException | MalformedURLException | URISyntaxException e) {
      throw new IllegalStateException("Cannot start Spark for the tests", e);
    }
  }

  private static URL[] sparkClasspath() throws MalformedURLException, URISyntaxException {
    Path bridgeClasses =
        Path.of(SparkBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    // FloeSpark and what it calls are made to run inside Spark (floe-spark's main classes).
    Path mainClasses =
        Path.of(FloeSpark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<URL> urls =
        new ArrayList<>(List.of(bridgeClasses.toUri().toURL(), mainClasses.toUri().toURL()));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String path = entry.replace(File.separatorChar, '/');
      // Floe's jars, and its modules' classes in a reactor build (the bridge's are added above).
      boolean floe = path.contains("/dev/floe/") || path.contains("/target/");
      // ...except the lock format, which is made to run inside Spark.
      boolean lockFormat = path.contains("floe-lock-format") || path.contains("lockformat/target");
      boolean unshadedIceberg =
          path.contains("/org/apache/iceberg/") && !path.contains("iceberg-spark-runtime");
      if (lockFormat || (!floe && !unshadedIceberg)) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    return urls.toArray(URL[]::new);
  }

  private record Bridge(
      URLClassLoader loader, Method sql, Method readLock, Method maintain, Method stop)
      implements AutoCloseable {
    /** Calls into Spark with its class loader as the context loader (Spark loads catalogs so). */
    Object call(Callable<Object> body) {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        return body.call();
      } catch (InvocationTargetException e) {
        throw e.getCause() instanceof RuntimeException r
            ? r
            : new IllegalStateException(e.getCause());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        thread.setContextClassLoader(previous);
      }
    }

    @Override
    public void close() {
      bridge = null;
      call(() -> stop.invoke(null));
      // The loader stays open: Hadoop's shutdown hooks still load classes from it at JVM exit.
    }
  }
}
