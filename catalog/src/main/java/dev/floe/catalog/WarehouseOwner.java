package dev.floe.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.exceptions.ForeignCatalogException;
import dev.floe.catalog.exceptions.InvalidConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Which catalog owns an object-store warehouse: {@code <warehouse>/.floe-owner.json}, written once
 * by the first catalog that opens the warehouse and checked by every later open.
 *
 * <p>An embedded catalog keeps its database on one host, so two hosts on one S3 warehouse would be
 * two catalogs creating tables at the same locations, each seeing the other's files as orphans. The
 * marker names the embedded catalog by an id kept beside its database ({@value #ID_FILE}); any
 * other embedded catalog, and any nessie-mode catalog, is refused. A nessie-mode marker admits
 * every nessie-mode catalog (servers have no stable id to compare) and refuses embedded ones.
 *
 * <p>The marker is written with {@code If-None-Match: *}, so of two first opens exactly one wins on
 * AWS S3 and S3Proxy; the loser reads the winner's marker and is refused. Servers that ignore the
 * condition let the later write win: both writers read the marker back, and one that reads a
 * foreign id is refused, but one that reads its own before the other's write lands is not (a race
 * of one request's duration, on the very first open only).
 */
final class WarehouseOwner {
  static final String MARKER = ".floe-owner.json";
  static final String ID_FILE = "floe-catalog.id";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String mode;
  private final String catalogId;
  private final String host;
  private final String place;
  private final String created;

  private WarehouseOwner(String mode, String catalogId, String host, String place, String created) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.catalogId = catalogId;
    this.host = host;
    this.place = place;
    this.created = created;
  }

  /** The embedded catalog whose database is in {@code dbDir}; creates its id on first use. */
  static WarehouseOwner embedded(Path dbDir) {
    return new WarehouseOwner(
        "embedded", catalogId(dbDir), hostName(), dbDir.toString(), Instant.now().toString());
  }

  /** Any nessie-mode catalog; {@code uri} is recorded for the message only. */
  static WarehouseOwner nessie(String uri) {
    return new WarehouseOwner(
        "nessie", null, hostName(), FloeConfig.redactUri(uri), Instant.now().toString());
  }

  /**
   * Records this catalog as the owner of {@code warehouse} unless one is recorded, then checks that
   * the recorded owner is this catalog. Throws {@link ForeignCatalogException} when it is not.
   */
  void claim(S3Client s3, String warehouse) {
    URI uri = URI.create(warehouse);
    String bucket = uri.getHost();
    String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
    String key = prefix.isEmpty() ? MARKER : prefix + "/" + MARKER;
    WarehouseOwner recorded = read(s3, bucket, key);
    if (recorded == null) {
      try {
        write(s3, bucket, key, true);
      } catch (S3Exception e) {
        // 412/409: another catalog won the race. 403: a principal that may not write the
        // warehouse cannot delete from it either, so it may read without a marker. 501: a server
        // without conditional writes that says so; the read-back below is all there is.
        if (e.statusCode() == 403) {
          return;
        } else if (e.statusCode() == 501) {
          write(s3, bucket, key, false);
        } else if (e.statusCode() != 412 && e.statusCode() != 409) {
          throw e;
        }
      }
      // Read back even after a successful write: a server that ignores If-None-Match may have
      // taken a concurrent writer's marker after ours.
      recorded = read(s3, bucket, key);
      if (recorded == null) {
        throw new InvalidConfigException(
            "Cannot record the owner of warehouse %s: %s vanished after it was written",
            FloeConfig.redactUri(warehouse), MARKER);
      }
    }
    if (!admits(recorded)) {
      throw new ForeignCatalogException(
          "Cannot open warehouse %s in %s mode: it belongs to %s (s3://%s/%s); an embedded"
              + " catalog is one host's, share a warehouse through nessie or rest mode"
              + " (floe.catalog.mode)",
          FloeConfig.redactUri(warehouse), mode, recorded.describe(), bucket, key);
    }
  }

  private void write(S3Client s3, String bucket, String key, boolean ifNoneMatch) {
    s3.putObject(
        b -> {
          b.bucket(bucket).key(key).contentType("application/json");
          if (ifNoneMatch) {
            b.ifNoneMatch("*");
          }
        },
        RequestBody.fromString(toJson(), StandardCharsets.UTF_8));
  }

  private boolean admits(WarehouseOwner recorded) {
    if (!mode.equals(recorded.mode)) {
      return false;
    }
    return !"embedded".equals(mode) || Objects.equals(catalogId, recorded.catalogId);
  }

  private String describe() {
    return "embedded".equals(mode)
        ? String.format(
            "the embedded catalog %s in %s on host %s, since %s", catalogId, place, host, created)
        : String.format("the %s-mode catalog at %s, since %s", mode, place, created);
  }

  private String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("format-version", 1);
    node.put("mode", mode);
    if (catalogId != null) {
      node.put("catalog-id", catalogId);
    }
    node.put("host", host);
    node.put("place", place);
    node.put("created-at", created);
    return node.toPrettyString();
  }

  private static WarehouseOwner read(S3Client s3, String bucket, String key) {
    byte[] bytes;
    try {
      bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    } catch (NoSuchKeyException e) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      return new WarehouseOwner(
          text(node, "mode", "unknown"),
          text(node, "catalog-id", null),
          text(node, "host", "?"),
          text(node, "place", "?"),
          text(node, "created-at", "?"));
    } catch (IOException | NullPointerException e) {
      throw new InvalidConfigException(
          "Cannot read the owner of warehouse s3://%s/%s: not a Floe owner marker (%s)",
          bucket, key, e.getMessage());
    }
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    return value == null || !value.isTextual() ? fallback : value.asText();
  }

  /** The id of the embedded catalog in {@code dbDir}: created once, beside the database. */
  static String catalogId(Path dbDir) {
    Path file = dbDir.resolve(ID_FILE);
    try {
      if (!Files.exists(file)) {
        // Written aside, then linked in: a concurrent reader sees no file or the whole id.
        Path written = Files.createTempFile(dbDir, ID_FILE, ".tmp");
        try {
          Files.writeString(written, UUID.randomUUID() + "\n");
          Files.createLink(file, written);
        } catch (FileAlreadyExistsException e) {
          // another process of this catalog created it first: use theirs
        } catch (UnsupportedOperationException e) {
          Files.move(written, file); // a file system without hard links
        } finally {
          Files.deleteIfExists(written);
        }
      }
      String id = Files.readString(file).strip();
      if (id.isEmpty()) {
        throw new InvalidConfigException(
            "Cannot read the embedded catalog id %s: the file is empty", file);
      }
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the embedded catalog id " + file, e);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
