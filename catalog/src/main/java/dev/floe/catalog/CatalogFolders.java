package dev.floe.catalog;

import dev.floe.catalog.exceptions.InvalidConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the embedded catalog of an object-store warehouse lives by default: {@code
 * <home>/.floe/catalogs/<slug>-<hash>}, a readable slug of the URI plus 12 hex digits of its
 * SHA-256, so {@code s3://b/team/a} and {@code s3://b/team_a} get different folders.
 */
final class CatalogFolders {
  private static final int SLUG_LENGTH = 60;

  private CatalogFolders() {}

  static Path of(String home, String warehouse) {
    if (home == null || home.isBlank() || "?".equals(home) || !Path.of(home).isAbsolute()) {
      // Java reports "?" when the user id has no account entry (containers with --user).
      throw new InvalidConfigException(
          "Cannot place the embedded catalog of %s: no home folder (user.home is '%s'); set %s",
          FloeConfig.redactUri(warehouse), home, FloeProperties.EMBEDDED_DB_DIR);
    }
    String uri = warehouse.strip().replaceAll("/+$", "");
    Path catalogs = Path.of(home, ".floe", "catalogs");
    Path folder = catalogs.resolve(slug(uri) + "-" + hash(uri));
    Path legacy = catalogs.resolve(legacyName(warehouse));
    if (!Files.exists(folder) && Files.exists(legacy.resolve(FloeProperties.EMBEDDED_DB_FILE))) {
      // Earlier versions used the slug alone, which two warehouses can share: no guess, ask.
      throw new InvalidConfigException(
          "Found the embedded catalog of %s at its old place %s: move that folder to %s, or set"
              + " %s to it",
          FloeConfig.redactUri(warehouse), legacy, folder, FloeProperties.EMBEDDED_DB_DIR);
    }
    return folder;
  }

  private static String slug(String uri) {
    String slug = uri.replaceFirst("^[A-Za-z0-9+.-]+://", "").replaceFirst("^[^/@]*@", "");
    slug = slug.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[_.]+|_+$", "");
    return slug.length() > SLUG_LENGTH ? slug.substring(0, SLUG_LENGTH) : slug;
  }

  /** The folder name of Floe 0.x before the hash, kept only to find catalogs left there. */
  private static String legacyName(String warehouse) {
    String folder = warehouse.replaceFirst("^[A-Za-z0-9+.-]+://", "");
    return folder.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^_+|_+$", "");
  }

  private static String hash(String uri) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
