package dev.floe.bench;

import dev.floe.catalog.FloeProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * An S3-compatible server in this JVM for benchmarks: S3Proxy on 127.0.0.1 (a free port) with its
 * {@code filesystem} blob store in a folder, so objects really land on disk as a local warehouse's
 * files do, and the comparison measures the S3 protocol path rather than memory against disk. One
 * empty bucket, AWS v4 auth with keys made up for this server. Close stops the server; the folder
 * is the caller's to delete.
 */
final class LocalS3 implements AutoCloseable {
  static final String HOST = "127.0.0.1";
  static final String BUCKET = "floe-bench";
  private static final long STARTUP_TIMEOUT_NANOS = 30_000_000_000L;

  private final BlobStore store;
  private final S3Proxy proxy;
  private final String accessKey;
  private final String secretKey;
  private final int port;

  private LocalS3(BlobStore store, S3Proxy proxy, String accessKey, String secretKey, int port) {
    this.store = store;
    this.proxy = proxy;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.port = port;
  }

  /** Starts a server whose objects live under {@code storage} (created if missing). */
  static LocalS3 start(Path storage) {
    // Fresh keys per server: nothing reusable exists to leak, and clients must really sign.
    String accessKey = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    String secretKey = UUID.randomUUID().toString();
    try {
      Files.createDirectories(storage);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create S3Proxy storage folder " + storage, e);
    }
    Properties properties = new Properties();
    // S3Proxy 4 kept jclouds' property names for its own "filesystem" store.
    properties.setProperty("jclouds.filesystem.basedir", storage.toAbsolutePath().toString());
    properties.setProperty("jclouds.identity", accessKey);
    properties.setProperty("jclouds.credential", secretKey);
    BlobStore store = BlobStores.create("filesystem", properties);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(store)
            .awsAuthentication(AuthenticationType.AWS_V4, accessKey, secretKey)
            // Port 0: Jetty binds a free port on the loopback address only; read back after start.
            .endpoint(URI.create("http://" + HOST + ":0"))
            .ignoreUnknownHeaders(true)
            .stopTimeout(0)
            .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + STARTUP_TIMEOUT_NANOS;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Cannot start S3Proxy on " + HOST + ": state " + proxy.getState() + " after 30 s");
        }
        Thread.sleep(10);
      }
      store.createContainer(BUCKET);
      return new LocalS3(store, proxy, accessKey, secretKey, proxy.getPort());
    } catch (Exception e) {
      stopQuietly(proxy, store, e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw e instanceof RuntimeException r
          ? r
          : new IllegalStateException("Cannot start S3Proxy on " + HOST + ": " + e, e);
    }
  }

  int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>}: safe to print, unlike {@link #properties()}. */
  String endpoint() {
    return "http://" + HOST + ":" + port;
  }

  /** {@code s3://floe-bench/<prefix>}. */
  String warehouse(String prefix) {
    return "s3://" + BUCKET + "/" + prefix;
  }

  /** The Floe {@code s3.*} settings that reach this server; they hold the secret key. */
  Map<String, String> properties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("s3.endpoint", endpoint());
    properties.put("s3.path-style-access", "true");
    properties.put("s3.access-key-id", accessKey);
    properties.put("s3.secret-access-key", secretKey);
    return properties;
  }

  /** An embedded-mode warehouse on this server, its catalog database in {@code dbDir}. */
  Map<String, String> embeddedConfig(String prefix, Path dbDir) {
    Map<String, String> config = properties();
    config.put(FloeProperties.WAREHOUSE, warehouse(prefix));
    config.put(FloeProperties.EMBEDDED_DB_DIR, dbDir.toAbsolutePath().toString());
    return config;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Cannot stop S3Proxy on " + endpoint() + ": " + e, e);
    } finally {
      store.close();
    }
  }

  private static void stopQuietly(S3Proxy proxy, BlobStore store, Exception cause) {
    try {
      proxy.stop();
    } catch (Exception suppressed) {
      cause.addSuppressed(suppressed);
    }
    store.close();
  }
}
