package dev.floe.catalog.testing;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * The one way Floe starts an S3-compatible server in the JVM, for tests ({@link S3ProxyExtension})
 * and for {@code floe bench s3}: S3Proxy on 127.0.0.1 only, on a free port, its {@code filesystem}
 * blob store in a folder (objects really land on disk), AWS v4 auth with the given keys, and one
 * empty bucket. Needs only S3Proxy on the class path, not JUnit. Close stops the server and its
 * store; the folder stays the caller's to delete.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.start(folder, "bucket", "key-id", "secret")) {
 *   String endpoint = s3.endpoint(); // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String HOST = "127.0.0.1";
  private static final long STARTUP_TIMEOUT_NANOS = 30_000_000_000L;

  private final BlobStore store;
  private final S3Proxy proxy;
  private final String bucket;
  private final String accessKey;
  private final String secretKey;
  private final int port;

  private S3ProxyServer(
      BlobStore store, S3Proxy proxy, String bucket, String accessKey, String secretKey) {
    this.store = store;
    this.proxy = proxy;
    this.bucket = bucket;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.port = proxy.getPort();
  }

  /**
   * Starts a server whose objects live under {@code storage} (created if missing), with the empty
   * bucket {@code bucket}, accepting requests signed with {@code accessKey}/{@code secretKey}.
   */
  public static S3ProxyServer start(
      Path storage, String bucket, String accessKey, String secretKey) {
    Objects.requireNonNull(storage, "storage");
    checkArgument(
        bucket != null && bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"),
        "Invalid bucket name: %s",
        bucket);
    checkArgument(accessKey != null && secretKey != null, "S3Proxy needs both keys");
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
      store.createContainer(bucket);
      return new S3ProxyServer(store, proxy, bucket, accessKey, secretKey);
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

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>}: safe to print, unlike the secret key. */
  public String endpoint() {
    return "http://" + HOST + ":" + port;
  }

  public String bucket() {
    return bucket;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
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
