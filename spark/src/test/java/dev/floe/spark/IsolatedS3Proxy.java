package dev.floe.spark;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * catalog's {@code S3ProxyServer} in a class loader of its own: S3Proxy's Jetty 12 needs
 * jakarta.servlet-api 6 ({@code jakarta.servlet}), while this module's classpath has Spark 3.5's
 * 4.0.3 of the same artifact ({@code javax.servlet}), and its Jackson 3 needs the 2.21 annotations
 * where this module holds Spark's 2.15. The loader is the test classpath with those two jars
 * swapped for the ones the build copies; only strings cross.
 */
final class IsolatedS3Proxy implements AutoCloseable {
  static final String BUCKET = "floe-spark";
  static final String ACCESS_KEY = "spark-rest-key";
  static final String SECRET_KEY = "spark-rest-secret";

  private final URLClassLoader loader;
  private final Object server;
  private final String endpoint;

  private IsolatedS3Proxy(URLClassLoader loader, Object server, String endpoint) {
    this.loader = loader;
    this.server = server;
    this.endpoint = endpoint;
  }

  static IsolatedS3Proxy start(Path storage) throws Exception {
    Path jars = Path.of(System.getProperty("floe.test.s3proxy-jars", "-"));
    if (!Files.isDirectory(jars)) {
      throw new IllegalStateException("No S3Proxy jars at " + jars + " (the build copies them)");
    }
    List<URL> urls = new ArrayList<>();
    try (Stream<Path> own = Files.list(jars)) {
      for (Path jar : own.sorted().toList()) {
        urls.add(jar.toUri().toURL());
      }
    }
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("jakarta.servlet-api") && !entry.contains("jackson-annotations")) {
        urls.add(url(entry));
      }
    }
    URLClassLoader loader =
        new URLClassLoader(
            "s3proxy", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    Class<?> type = Class.forName("dev.floe.catalog.testing.S3ProxyServer", true, loader);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Object server =
          type.getMethod("start", Path.class, String.class, String.class, String.class)
              .invoke(null, storage, BUCKET, ACCESS_KEY, SECRET_KEY);
      String endpoint = (String) type.getMethod("endpoint").invoke(server);
      return new IsolatedS3Proxy(loader, server, endpoint);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  String endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws Exception {
    server.getClass().getMethod("close").invoke(server);
    loader.close();
  }

  private static URL url(String entry) {
    try {
      return Path.of(entry).toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(entry, e);
    }
  }
}
