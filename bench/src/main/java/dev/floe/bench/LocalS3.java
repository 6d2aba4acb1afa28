package dev.floe.bench;

import dev.floe.catalog.FloeProperties;
import dev.floe.catalog.testing.S3ProxyServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An S3-compatible server in this JVM for benchmarks ({@link S3ProxyServer}, the starter the tests
 * use too): S3Proxy on 127.0.0.1 (a free port) with its {@code filesystem} blob store in a folder,
 * so objects really land on disk as a local warehouse's files do, and the comparison measures the
 * S3 protocol path rather than memory against disk. One empty bucket, AWS v4 auth with keys made up
 * for this server. Close stops the server; the folder is the caller's to delete.
 */
final class LocalS3 implements AutoCloseable {
  static final String BUCKET = "floe-bench";

  private final S3ProxyServer server;

  private LocalS3(S3ProxyServer server) {
    this.server = server;
  }

  /** Starts a server whose objects live under {@code storage} (created if missing). */
  static LocalS3 start(Path storage) {
    // Fresh keys per server: nothing reusable exists to leak, and clients must really sign.
    String accessKey = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    String secretKey = UUID.randomUUID().toString();
    return new LocalS3(S3ProxyServer.start(storage, BUCKET, accessKey, secretKey));
  }

  int port() {
    return server.port();
  }

  /** {@code http://127.0.0.1:<port>}: safe to print, unlike {@link #properties()}. */
  String endpoint() {
    return server.endpoint();
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
    properties.put("s3.access-key-id", server.accessKey());
    properties.put("s3.secret-access-key", server.secretKey());
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
    server.close();
  }
}
