package dev.floe.spark.internal;

import dev.floe.spark.SparkJobException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Spark context running in this JVM inside a class loader of its own (parent: the platform
 * loader), so Spark's Jackson 2.15, Netty 4.1, Hadoop and shaded Iceberg never meet Floe's. Calls
 * cross with JDK values only, into {@link SparkJobs}, with Spark's loader as the thread's context
 * loader.
 *
 * <p>Starting Spark costs seconds, so a context is shared: {@link #acquire} of the same jars and
 * static settings while one is running returns it, and the last {@link #release} stops it and
 * deletes its scratch folder. The class loader itself stays open: Hadoop's shutdown hooks load
 * classes from it when the JVM exits.
 */
public final class SparkRuntime {
  private static final Map<Key, SparkRuntime> RUNNING = new HashMap<>();

  private record Key(List<URL> urls, Map<String, String> settings) {}

  private final Key key;
  private final URLClassLoader loader;
  private final Class<?> jobs;
  private final Path scratch;
  private final String sparkVersion;
  private int users;

  private SparkRuntime(
      Key key, URLClassLoader loader, Class<?> jobs, Path scratch, String version) {
    this.key = key;
    this.loader = loader;
    this.jobs = jobs;
    this.scratch = scratch;
    this.sparkVersion = version;
  }

  /** Checks that {@code sparkHome} and {@code classpath} hold Spark 3.5 and Iceberg's runtime. */
  public static void check(Path sparkHome, String classpath) {
    SparkClasspath.resolve(sparkHome, classpath);
  }

  /**
   * A running Spark on {@code classpath} with {@code settings} (static Spark settings: master, SQL
   * extensions), started now or shared with a caller that started the same.
   */
  public static SparkRuntime acquire(
      Path sparkHome, String classpath, Map<String, String> settings) {
    SparkClasspath jars = SparkClasspath.resolve(sparkHome, classpath);
    Key key = new Key(jars.urls(), Map.copyOf(settings));
    synchronized (RUNNING) {
      SparkRuntime running = RUNNING.get(key);
      if (running == null) {
        running = start(key, jars.sparkVersion());
        RUNNING.put(key, running);
      }
      running.users++;
      return running;
    }
  }

  // What Spark 3.5's own launcher opens on Java 17; an embedding JVM must have been started so.
  static final List<String> OPENS =
      List.of(
          "java.lang",
          "java.lang.invoke",
          "java.lang.reflect",
          "java.io",
          "java.net",
          "java.nio",
          "java.util",
          "java.util.concurrent",
          "java.util.concurrent.atomic",
          "sun.nio.ch",
          "sun.nio.cs",
          "sun.security.action",
          "sun.util.calendar");

  private static SparkRuntime start(Key key, String version) {
    Module base = Object.class.getModule();
    List<String> closed =
        OPENS.stream().filter(pkg -> !base.isOpen(pkg, SparkRuntime.class.getModule())).toList();
    if (!closed.isEmpty()) {
      throw new IllegalStateException(
          "Cannot run Spark 3.5 in this JVM: start it with --add-opens=java.base/PACKAGE=ALL-UNNAMED"
              + " for each of "
              + String.join(", ", closed)
              + " (the floe launcher's jar declares them)");
    }
    Path scratch;
    try {
      scratch = Files.createTempDirectory("floe-spark-");
    } catch (IOException e) {
      throw new SparkJobException("Cannot create a scratch folder for Spark: " + e.getMessage(), e);
    }
    // Spark's default logging prints every stage at INFO on stderr; Floe's output stays readable.
    URL logging = SparkRuntime.class.getResource("log4j2-floe-spark.properties");
    if (System.getProperty("log4j2.configurationFile") == null && logging != null) {
      System.setProperty("log4j2.configurationFile", logging.toString());
    }
    Map<String, String> all = new LinkedHashMap<>();
    all.put("spark.ui.enabled", "false");
    // Servers Floe starts listen on loopback only.
    all.put("spark.driver.host", "127.0.0.1");
    all.put("spark.driver.bindAddress", "127.0.0.1");
    all.put("spark.sql.session.timeZone", "UTC");
    // Spark's own warehouse and shuffle files would land in the working folder and /tmp.
    all.put("spark.sql.warehouse.dir", scratch.resolve("spark-warehouse").toString());
    all.put("spark.local.dir", scratch.resolve("local").toString());
    all.putAll(key.settings());
    URLClassLoader loader =
        new URLClassLoader(
            "floe-spark", key.urls().toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    Class<?> jobs;
    try {
      jobs = Class.forName(SparkJobs.class.getName(), true, loader);
    } catch (ClassNotFoundException e) {
      throw new SparkJobException("Cannot load Floe's Spark jobs: " + e.getMessage(), e);
    }
    SparkRuntime runtime = new SparkRuntime(key, loader, jobs, scratch, version);
    try {
      runtime.call("start", new Class<?>[] {Map.class}, all);
    } catch (RuntimeException e) {
      runtime.deleteScratch();
      throw e;
    }
    return runtime;
  }

  /** Spark's version, e.g. {@code 3.5.7}. */
  public String sparkVersion() {
    return sparkVersion;
  }

  /** Calls {@code SparkJobs.<method>} in Spark's loader; the Spark side's failure, one line. */
  public Object call(String method, Class<?>[] types, Object... args) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Method target = jobs.getMethod(method, types);
      return target.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw new SparkJobException(message(e.getCause()), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new SparkJobException("Cannot call Spark job " + method + ": " + e.getMessage(), e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** Ends this user's share; the last one stops Spark. */
  public void release() {
    synchronized (RUNNING) {
      if (--users > 0) {
        return;
      }
      RUNNING.remove(key);
    }
    try {
      call("stop", new Class<?>[0]);
    } finally {
      deleteScratch();
    }
  }

  // The Spark side's classes mean nothing here: keep the words, name the type when they are few.
  private static String message(Throwable failure) {
    Throwable shown = failure;
    while (shown.getCause() != null
        && (shown.getMessage() == null || shown.getMessage().equals(shown.getCause().toString()))) {
      shown = shown.getCause();
    }
    String text = shown.getMessage();
    return text == null || text.isBlank() ? shown.getClass().getName() : text;
  }

  private void deleteScratch() {
    try (Stream<Path> paths = Files.walk(scratch)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // Only a temp folder; a failed clean-up must not hide the job's outcome.
    }
  }
}
