package dev.floe.catalog;

import dev.floe.catalog.exceptions.InvalidConfigException;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Immutable configuration of a lakehouse. Layers, later wins: defaults, a {@code floe.properties}
 * file, {@code FLOE_*} environment variables, explicit values (flags).
 *
 * <p>{@code OPENLINEAGE__*} variables map to {@code floe.lineage.*} keys the way OpenLineage nests
 * them: {@code OPENLINEAGE__TRANSPORT__TYPE} is {@code floe.lineage.transport.type}.
 *
 * <p>Environment names map to keys by lower-casing, {@code __} to {@code -} and {@code _} to {@code
 * .}: {@code FLOE_NESSIE_URI} is {@code floe.nessie.uri}.
 */
public final class FloeConfig {
  private final Map<String, String> properties;
  private final List<String> warnings;

  private FloeConfig(Map<String, String> properties) {
    this.properties = Map.copyOf(properties);
    ConfigChecks.validate(this);
    this.warnings = ConfigChecks.s3Warnings(this.properties);
  }

  /** The default: an embedded catalog in a local warehouse folder. */
  public static FloeConfig embedded(Path warehouse) {
    Objects.requireNonNull(warehouse, "warehouse");
    return builder().set(FloeProperties.WAREHOUSE, warehouse.toString()).build();
  }

  /** A Nessie catalog at {@code uri} (REST API v2) over {@code warehouse}. */
  public static FloeConfig nessie(String uri, String warehouse) {
    return builder()
        .set(FloeProperties.CATALOG_MODE, "nessie")
        .set(FloeProperties.NESSIE_URI, uri)
        .set(FloeProperties.WAREHOUSE, warehouse)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public CatalogMode mode() {
    return CatalogMode.parse(
        properties.getOrDefault(FloeProperties.CATALOG_MODE, FloeProperties.CATALOG_MODE_DEFAULT));
  }

  /** The warehouse as given: a local path or a URI with a scheme. */
  public String warehouse() {
    return properties.getOrDefault(FloeProperties.WAREHOUSE, FloeProperties.WAREHOUSE_DEFAULT);
  }

  /** The local warehouse folder, or null when the warehouse is not on the local file system. */
  public Path localWarehouse() {
    String warehouse = warehouse();
    if (warehouse.startsWith("file:")) {
      return Path.of(URI.create(warehouse)).toAbsolutePath().normalize();
    }
    return hasScheme(warehouse) ? null : Path.of(warehouse).toAbsolutePath().normalize();
  }

  public String get(String key, String defaultValue) {
    return properties.getOrDefault(key, defaultValue);
  }

  /** All properties, including secrets: do not print this map, print {@link #toString()}. */
  public Map<String, String> properties() {
    return properties;
  }

  /** Properties handed to the Iceberg catalog: every key outside the {@code floe.} namespace. */
  Map<String, String> icebergProperties() {
    return properties.entrySet().stream()
        .filter(e -> !e.getKey().startsWith("floe."))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /**
   * What looks wrong but does not stop the lakehouse from opening, one line each: {@code s3.*} keys
   * that Iceberg's S3FileIO does not read (with a "did you mean"). Floe does not log them; the CLI
   * prints them once on stderr, other callers decide.
   */
  public List<String> warnings() {
    return warnings;
  }

  public FloeConfig with(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(properties);
    copy.put(key, value);
    return new FloeConfig(copy);
  }

  /** Properties with secrets replaced by {@code ****}. */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    properties.forEach((k, v) -> shown.put(k, isSecret(k) ? "****" : redactUri(v)));
    return "FloeConfig" + shown;
  }

  static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return FloeProperties.SECRET.contains(key)
        || lower.contains("secret")
        || lower.contains("password")
        || lower.contains("credential")
        || lower.contains("access-key")
        || lower.endsWith("token");
  }

  /** A URI with any {@code user:password@} part replaced, safe for messages and logs. */
  public static String redactUri(String uri) {
    return uri == null ? null : uri.replaceAll("(?<=://)[^/@\\s]+@", "****@");
  }

  private static boolean hasScheme(String location) {
    int colon = location.indexOf(':');
    // A one-letter "scheme" is a Windows drive, not a URI scheme.
    return colon > 1 && location.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
  }

  /** Collects configuration layers; later calls override earlier ones. */
  public static final class Builder {
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Reads a properties file the caller asked for by name: a missing or unreadable file is an
     * error. For a default location that may hold no file, use {@link #fileIfExists(Path)}.
     */
    public Builder file(Path file) {
      Objects.requireNonNull(file, "file");
      Properties loaded = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        loaded.load(reader);
      } catch (java.nio.file.NoSuchFileException e) {
        throw new InvalidConfigException(e, "Cannot read config file %s: no such file", file);
      } catch (IOException | IllegalArgumentException e) {
        throw new InvalidConfigException(e, "Cannot read config file %s: %s", file, e.getMessage());
      }
      loaded.stringPropertyNames().forEach(k -> properties.put(k, loaded.getProperty(k).trim()));
      return this;
    }

    /**
     * Reads a properties file when one exists, such as {@code ./floe.properties}, the CLI's
     * default: no file adds nothing, while a file that exists but cannot be read is an error, as in
     * {@link #file(Path)}.
     */
    public Builder fileIfExists(Path file) {
      Objects.requireNonNull(file, "file");
      return Files.exists(file) ? file(file) : this;
    }

    /** Applies the {@code FLOE_*} variables of an environment that name known keys. */
    public Builder env(Map<String, String> env) {
      env.forEach(
          (name, value) -> {
            if (name.startsWith("FLOE_")) {
              String key = name.toLowerCase(Locale.ROOT).replace("__", "-").replace('_', '.');
              if (FloeProperties.KNOWN.contains(key)
                  || key.startsWith(FloeProperties.SPARK_PREFIX)) {
                properties.put(key, value);
              }
            } else if (name.startsWith("OPENLINEAGE__")) {
              properties.put(openLineageKey(name), value);
            }
          });
      return this;
    }

    /**
     * {@code OPENLINEAGE__TRANSPORT__TIMEOUT_IN_MILLIS} to {@code
     * floe.lineage.transport.timeoutInMillis}.
     */
    static String openLineageKey(String name) {
      StringBuilder key = new StringBuilder(FloeProperties.LINEAGE_PREFIX);
      String[] parts = name.substring("OPENLINEAGE__".length()).split("__");
      for (int i = 0; i < parts.length; i++) {
        String[] words = parts[i].toLowerCase(Locale.ROOT).split("_");
        key.append(i == 0 ? "" : ".").append(words[0]);
        for (int w = 1; w < words.length; w++) {
          if (!words[w].isEmpty()) {
            key.append(Character.toUpperCase(words[w].charAt(0))).append(words[w].substring(1));
          }
        }
      }
      return key.toString();
    }

    public Builder set(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, () -> "value of " + key);
      properties.put(key, value);
      return this;
    }

    public Builder setAll(Map<String, String> values) {
      values.forEach(this::set);
      return this;
    }

    public FloeConfig build() {
      return new FloeConfig(properties);
    }
  }
}
