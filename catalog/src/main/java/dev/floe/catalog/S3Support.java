package dev.floe.catalog;

import dev.floe.catalog.exceptions.InvalidConfigException;

/**
 * The S3 part of floe-catalog (Iceberg's S3FileIO, the AWS SDK's S3 client and its URL-connection
 * HTTP client) is optional: an application adds it with the {@value #ARTIFACT} artifact. Checked
 * before anything touches S3, so a missing part is one line naming that artifact rather than a
 * NoClassDefFoundError from inside Iceberg. This class names no AWS type, so it loads without them.
 */
final class S3Support {
  static final String ARTIFACT = "dev.floe:floe-s3";

  private static final String[] CLASSES = {
    "org.apache.iceberg.aws.s3.S3FileIO",
    "software.amazon.awssdk.services.s3.S3Client",
    "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient"
  };

  private S3Support() {}

  /** Throws when {@code what} (a warehouse or catalog, for the message) needs the missing part. */
  static void require(String what) {
    for (String name : CLASSES) {
      try {
        Class.forName(name, false, S3Support.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new InvalidConfigException(
            e,
            "Cannot use %s: S3 support is not on the class path (add the dependency %s; missing %s)",
            what,
            ARTIFACT,
            name);
      }
    }
  }
}
