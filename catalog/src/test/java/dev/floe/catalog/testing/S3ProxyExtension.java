package dev.floe.catalog.testing;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server for one test class ({@link S3ProxyServer}): S3Proxy in-process on
 * 127.0.0.1 with a file-system store in a temp folder, AWS v4 auth with fixed test keys, and one
 * empty bucket. Started in beforeAll, stopped (and its folder deleted) in afterAll.
 *
 * <pre>{@code
 * @RegisterExtension static S3ProxyExtension s3 = new S3ProxyExtension();
 *
 * Map<String, String> props = new HashMap<>(s3.icebergProperties());
 * props.put(CatalogProperties.WAREHOUSE_LOCATION, s3.warehouse());
 * }</pre>
 *
 * <p>S3Proxy keeps a storage class on single-part PUTs only, and rejects object tags and SSE.
 */
public final class S3ProxyExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final String ACCESS_KEY = "floe-test-access-key";
  private static final String SECRET_KEY = "floe-test-secret-key";
  private static final String REGION = "us-east-1";

  private final String bucket;
  private Path storage;
  private S3ProxyServer server;
  private S3Client client;
  private String endpoint;

  public S3ProxyExtension() {
    this("floe-test");
  }

  public S3ProxyExtension(String bucket) {
    checkArgument(
        bucket != null && bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"),
        "Invalid bucket name: %s",
        bucket);
    this.bucket = bucket;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    storage = Files.createTempDirectory("floe-s3proxy");
    server = S3ProxyServer.start(storage, bucket, ACCESS_KEY, SECRET_KEY);
    endpoint = server.endpoint();
    client =
        S3Client.builder()
            .endpointOverride(URI.create(endpoint))
            .forcePathStyle(true)
            .region(Region.of(REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (client != null) {
        client.close();
      }
      if (server != null) {
        server.close();
      }
    } finally {
      client = null;
      server = null;
      deleteRecursively(storage);
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return started(endpoint);
  }

  public String bucket() {
    return bucket;
  }

  public String accessKey() {
    return ACCESS_KEY;
  }

  public String secretKey() {
    return SECRET_KEY;
  }

  /** A path-style client for the server; the extension closes it. */
  public S3Client s3Client() {
    return started(client);
  }

  /** {@code s3://<bucket>/warehouse}. */
  public String warehouse() {
    return "s3://" + bucket + "/warehouse";
  }

  /** Catalog properties that make Iceberg's S3FileIO talk to this server. */
  public Map<String, String> icebergProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
    properties.put("s3.endpoint", endpoint());
    properties.put("s3.path-style-access", "true");
    properties.put("s3.access-key-id", ACCESS_KEY);
    properties.put("s3.secret-access-key", SECRET_KEY);
    properties.put("client.region", REGION);
    // iceberg-aws declares no HTTP client; catalog ships the url-connection one.
    properties.put("http-client.type", "urlconnection");
    return Map.copyOf(properties);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == S3ProxyExtension.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return this;
  }

  private static <T> T started(T value) {
    if (value == null) {
      throw new IllegalStateException(
          "S3Proxy is not running: register S3ProxyExtension with @RegisterExtension on a static"
              + " field (or @ExtendWith) and use it between beforeAll and afterAll");
    }
    return value;
  }

  private static void deleteRecursively(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete S3Proxy storage " + root, e);
    }
  }
}
