package dev.floe.spark.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The jars of the isolated Spark class loader: the user's Spark (a {@code SPARK_HOME}'s {@code
 * jars/}, then the entries of a classpath they name), checked to hold Spark 3.5 and Iceberg's Spark
 * runtime, plus what Floe brings itself: {@code floe-spark}, {@code floe-lock-format} and the
 * SQLite JDBC driver of the embedded catalog, taken from where the caller's own copies were loaded
 * (the CLI's {@code lib/}, a reactor's {@code target/classes}), so a build from a clean clone has
 * them. Floe's catalog, Jackson 2.21, Netty and unshaded Iceberg never go in: Spark 3.5 breaks on
 * them.
 */
record SparkClasspath(List<URL> urls, String sparkVersion) {
  static final String RUNTIME = "iceberg-spark-runtime-3.5_2.12";

  SparkClasspath {
    urls = List.copyOf(urls);
  }

  /**
   * @param sparkHome a Spark installation (its {@code jars/} are used), or null
   * @param classpath more entries, {@link File#pathSeparator}-separated: jars, class folders or
   *     {@code folder/*} for every jar in a folder; or null
   * @throws IllegalArgumentException naming what is missing and what to add
   */
  static SparkClasspath resolve(Path sparkHome, String classpath) {
    List<Path> entries = new ArrayList<>();
    List<String> where = new ArrayList<>();
    if (sparkHome != null) {
      Path jars = sparkHome.resolve("jars");
      if (!Files.isDirectory(jars)) {
        throw new IllegalArgumentException(
            "Cannot run on Spark: SPARK_HOME " + sparkHome + " has no jars/ folder");
      }
      entries.addAll(jarsIn(jars));
      where.add(jars.toString());
    }
    if (classpath != null && !classpath.isBlank()) {
      for (String entry : classpath.split(File.pathSeparator)) {
        if (entry.isBlank()) {
          continue;
        }
        if (entry.endsWith("*")) {
          Path folder = Path.of(entry.substring(0, entry.length() - 1));
          if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(
                "Cannot run on Spark: classpath entry " + entry + " is not a folder");
          }
          entries.addAll(jarsIn(folder));
        } else {
          Path path = Path.of(entry);
          if (!Files.exists(path)) {
            throw new IllegalArgumentException(
                "Cannot run on Spark: classpath entry " + entry + " does not exist");
          }
          entries.add(path);
        }
      }
      where.add("the Spark classpath");
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot run on Spark: no Spark found; set SPARK_HOME to a Spark 3.5 installation (with "
              + RUNTIME
              + " in its jars/), or name Spark's jars with --spark-classpath or floe.spark.classpath");
    }
    List<URL> urls = new ArrayList<>();
    for (Path entry : entries) {
      urls.add(url(entry));
    }
    String place = String.join(" and ", where);
    String version;
    // A look at the user's jars alone, before anything of Floe's joins them.
    try (URLClassLoader probe =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      version = sparkVersion(probe, place);
      if (probe.findResource("org/apache/iceberg/spark/SparkCatalog.class") == null) {
        throw new IllegalArgumentException(
            "Cannot run on Spark: "
                + RUNTIME
                + " is not in "
                + place
                + "; add "
                + RUNTIME
                + "-1.11.0.jar there (or name it with --spark-classpath)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    urls.add(codeSource(SparkClasspath.class));
    urls.add(codeSource(load("dev.floe.lockformat.Lock")));
    urls.add(codeSource(load("org.sqlite.JDBC")));
    return new SparkClasspath(urls, version);
  }

  private static String sparkVersion(URLClassLoader probe, String place) throws IOException {
    URL info = probe.findResource("spark-version-info.properties");
    if (probe.findResource("org/apache/spark/sql/SparkSession.class") == null || info == null) {
      throw new IllegalArgumentException(
          "Cannot run on Spark: no Spark 3.5 (spark-sql_2.12) in "
              + place
              + "; set SPARK_HOME to a Spark 3.5 installation");
    }
    Properties properties = new Properties();
    try (InputStream in = info.openStream()) {
      properties.load(in);
    }
    String version = properties.getProperty("version", "unknown");
    if (!version.startsWith("3.5.")) {
      throw new IllegalArgumentException(
          "Cannot run on Spark " + version + " (in " + place + "): Floe runs on Spark 3.5");
    }
    return version;
  }

  private static List<Path> jarsIn(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder, e);
    }
  }

  // Not initialised: the SQLite driver registers itself with DriverManager when initialised.
  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, SparkClasspath.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "Cannot run on Spark: " + name + " is not on Floe's classpath");
    }
  }

  private static URL codeSource(Class<?> type) {
    try {
      return url(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate the classes of " + type.getName(), e);
    }
  }

  private static URL url(Path path) {
    try {
      return path.toAbsolutePath().toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("Invalid classpath entry " + path, e);
    }
  }
}
