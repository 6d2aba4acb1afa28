package dev.floe.catalog;

import dev.floe.catalog.exceptions.InvalidConfigException;
import java.net.URI;
import java.util.Map;
import org.apache.iceberg.aws.s3.S3FileIO;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One cheap request to an S3 warehouse when a lakehouse opens. Without it a wrong secret surfaces
 * only when Iceberg reads table metadata, which it retries about 20 times (some 90 s) before giving
 * up; a 403 here fails at once and says which setting to check.
 */
final class S3Probe {
  private S3Probe() {}

  /** Probes the warehouse, then claims it for {@code owner} (see {@link WarehouseOwner}). */
  static void check(String warehouse, Map<String, String> props, WarehouseOwner owner) {
    URI uri = URI.create(warehouse);
    String bucket = uri.getHost();
    String prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    String shown = FloeConfig.redactUri(warehouse);
    try (S3FileIO io = new S3FileIO()) {
      io.initialize(props);
      io.client().listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1));
      owner.claim(io.client(), warehouse);
    } catch (S3Exception e) {
      throw new InvalidConfigException(
          e,
          "Cannot use warehouse %s: %s (HTTP %d)",
          shown,
          reason(e.statusCode()),
          e.statusCode());
    } catch (SdkClientException e) {
      throw new InvalidConfigException(
          e,
          "Cannot reach the S3 endpoint of warehouse %s: %s",
          shown,
          FloeConfig.redactUri(props.getOrDefault("s3.endpoint", "AWS")));
    }
  }

  private static String reason(int status) {
    return switch (status) {
      case 403 -> "access denied (check s3.access-key-id and s3.secret-access-key)";
      case 404 -> "no such bucket";
      case 301, 400 -> "bad request (check client.region and s3.path-style-access)";
      default -> "the S3 endpoint refused the request";
    };
  }
}
