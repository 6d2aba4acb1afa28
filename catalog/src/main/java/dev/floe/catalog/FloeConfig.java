package dev.floe.catalog;

import dev.floe.catalog.exceptions.InvalidConfigException;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
 * <p>Environment names map to keys by lower-casing, {@code __} to {@code -} and {@code _} to {@code
 * .}: {@code FLOE_NESSIE_URI} is {@code floe.nessie.uri}.
 */
public final class FloeConfig {
  private final Map<String, String> properties;
  private final List<String> warnings;

  private FloeConfig(Map<String, String> properties) {
    this.properties = Map.copyOf(properties);
    validate();
    this.warnings = List.copyOf(s3Warnings());
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

  private void validate() {
    for (String key : properties.keySet()) {
      if (key.startsWith("floe.") && !FloeProperties.KNOWN.contains(key)) {
        throw new InvalidConfigException(
            "Unknown property %s%s", key, suggestion(key, FloeProperties.KNOWN));
      }
    }
    CatalogMode mode = mode();
    if (warehouse().isBlank()) {
      throw new InvalidConfigException("Invalid %s: must not be empty", FloeProperties.WAREHOUSE);
    }
    if (mode == CatalogMode.NESSIE && !properties.containsKey(FloeProperties.NESSIE_URI)) {
      throw new InvalidConfigException(
          "Missing %s: nessie mode needs the server's API v2 endpoint", FloeProperties.NESSIE_URI);
    }
    if (mode == CatalogMode.REST && !properties.containsKey(FloeProperties.REST_URI)) {
      throw new InvalidConfigException(
          "Missing %s: rest mode needs the catalog's endpoint", FloeProperties.REST_URI);
    }
    checkHttpUri(FloeProperties.NESSIE_URI, "http://127.0.0.1:19120/api/v2");
    checkHttpUri(FloeProperties.REST_URI, "http://127.0.0.1:19120/iceberg/");
    checkHttpUri("s3.endpoint", "http://127.0.0.1:9000");
    // The Nessie and REST clients do not send user info, but quote the URI in their own logs.
    noUserInfo(FloeProperties.NESSIE_URI, FloeProperties.NESSIE_TOKEN);
    noUserInfo(FloeProperties.REST_URI, FloeProperties.REST_TOKEN);
  }

  private void noUserInfo(String key, String tokenKey) {
    String value = properties.get(key);
    if (value != null && URI.create(value.trim()).getRawUserInfo() != null) {
      throw new InvalidConfigException(
          "Invalid %s '%s': credentials in the URI are not sent to the server; use %s",
          key, redactUri(value), tokenKey);
    }
  }

  private List<String> s3Warnings() {
    List<String> found = new ArrayList<>();
    for (String key : new TreeMap<>(properties).keySet()) {
      if (key.startsWith("s3.") && !S3Keys.known(key)) {
        found.add(
            String.format(
                "Unknown property %s, ignored by S3FileIO%s", key, suggestion(key, S3Keys.KEYS)));
      }
    }
    return found;
  }

  private void checkHttpUri(String key, String example) {
    String value = properties.get(key);
    if (value == null) {
      return;
    }
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("http".equalsIgnoreCase(uri.getScheme())
            || "https".equalsIgnoreCase(uri.getScheme()))) {
      throw new InvalidConfigException(
          "Invalid %s '%s': expected an http(s) URI with a host, e.g. %s",
          key, redactUri(value), example);
    }
  }

  /** A URI with any {@code user:password@} part replaced, safe for messages and logs. */
  public static String redactUri(String uri) {
    return uri == null ? null : uri.replaceAll("(?<=://)[^/@\\s]+@", "****@");
  }

  private static String suggestion(String key, Collection<String> candidates) {
    return candidates.stream()
        .min(
            Comparator.comparingInt((String candidate) -> distance(candidate, key))
                .thenComparing(Comparator.naturalOrder()))
        .filter(known -> distance(known, key) <= 3)
        .map(known -> " (did you mean " + known + "?)")
        .orElse("");
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int[] current = new int[b.length() + 1];
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1], previous[j]) + 1, previous[j - 1] + cost);
      }
      previous = current;
    }
    return previous[b.length()];
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
              if (FloeProperties.KNOWN.contains(key)) {
                properties.put(key, value);
              }
            }
          });
      return this;
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
