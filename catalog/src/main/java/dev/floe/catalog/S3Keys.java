package dev.floe.catalog;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code s3.*} keys Iceberg's S3FileIO reads, taken from the constants of {@code
 * S3FileIOProperties} so an Iceberg upgrade brings its new keys along. Constants ending in {@code
 * .} are prefixes ({@code s3.write.tags.<tag>}). The class is looked up by name: S3 support
 * (floe-s3) is optional, and without it no {@code s3.*} key is read, so none is called a typo.
 */
final class S3Keys {
  /** Read by S3FileIO's remote signer, declared in another class. */
  private static final Set<String> SIGNER = Set.of("s3.signer.uri", "s3.signer.endpoint");

  private static final String PROPERTIES = "org.apache.iceberg.aws.s3.S3FileIOProperties";

  static final Set<String> KEYS;
  static final Set<String> PREFIXES;
  static final boolean AVAILABLE;

  static {
    Set<String> keys = new TreeSet<>(SIGNER);
    Set<String> prefixes = new TreeSet<>();
    Class<?> properties;
    try {
      properties = Class.forName(PROPERTIES, false, S3Keys.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      properties = null;
    }
    AVAILABLE = properties != null;
    for (Field field : properties == null ? new Field[0] : properties.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String value = constant(field);
        if (value != null && value.startsWith("s3.")) {
          (value.endsWith(".") ? prefixes : keys).add(value);
        }
      }
    }
    KEYS = Set.copyOf(keys);
    PREFIXES = Set.copyOf(prefixes);
  }

  private S3Keys() {}

  static boolean known(String key) {
    return !AVAILABLE || KEYS.contains(key) || PREFIXES.stream().anyMatch(key::startsWith);
  }

  private static String constant(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      return null;
    }
  }
}
