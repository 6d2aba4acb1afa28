package dev.floe.catalog;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.aws.s3.S3FileIOProperties;

/**
 * The {@code s3.*} keys Iceberg's S3FileIO reads, taken from the constants of {@link
 * S3FileIOProperties} so an Iceberg upgrade brings its new keys along. Constants ending in {@code
 * .} are prefixes ({@code s3.write.tags.<tag>}).
 */
final class S3Keys {
  /** Read by S3FileIO's remote signer, declared in another class. */
  private static final Set<String> SIGNER = Set.of("s3.signer.uri", "s3.signer.endpoint");

  static final Set<String> KEYS;
  static final Set<String> PREFIXES;

  static {
    Set<String> keys = new TreeSet<>(SIGNER);
    Set<String> prefixes = new TreeSet<>();
    for (Field field : S3FileIOProperties.class.getFields()) {
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
    return KEYS.contains(key) || PREFIXES.stream().anyMatch(key::startsWith);
  }

  private static String constant(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      return null;
    }
  }
}
