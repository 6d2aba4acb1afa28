package dev.floe.catalog;

import dev.floe.catalog.exceptions.InvalidConfigException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks a {@link FloeConfig} passes when built: unknown {@code floe.*} keys, missing
 * endpoints, URIs that are not http(s) or carry credentials; and the {@code s3.*} keys it only
 * warns about. Errors say which key and, for a typo, the known key it is closest to.
 */
final class ConfigChecks {
  private ConfigChecks() {}

  static void validate(FloeConfig config) {
    Map<String, String> properties = config.properties();
    for (String key : properties.keySet()) {
      if (key.startsWith("floe.")
          && !key.startsWith(FloeProperties.LINEAGE_PREFIX)
          && !key.startsWith(FloeProperties.SPARK_PREFIX)
          && !FloeProperties.KNOWN.contains(key)) {
        throw new InvalidConfigException(
            "Unknown property %s%s", key, suggestion(key, FloeProperties.KNOWN));
      }
    }
    CatalogMode mode = config.mode();
    if (config.warehouse().isBlank()) {
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
    checkHttpUri(properties, FloeProperties.NESSIE_URI, "http://127.0.0.1:19120/api/v2");
    checkHttpUri(properties, FloeProperties.REST_URI, "http://127.0.0.1:19120/iceberg/");
    checkHttpUri(properties, "s3.endpoint", "http://127.0.0.1:9000");
    // The Nessie and REST clients do not send user info, but quote the URI in their own logs.
    noUserInfo(properties, FloeProperties.NESSIE_URI, FloeProperties.NESSIE_TOKEN);
    noUserInfo(properties, FloeProperties.REST_URI, FloeProperties.REST_TOKEN);
  }

  private static void noUserInfo(Map<String, String> properties, String key, String tokenKey) {
    String value = properties.get(key);
    if (value != null && URI.create(value.trim()).getRawUserInfo() != null) {
      throw new InvalidConfigException(
          "Invalid %s '%s': credentials in the URI are not sent to the server; use %s",
          key, FloeConfig.redactUri(value), tokenKey);
    }
  }

  /** {@code s3.*} keys S3FileIO does not read, one line each with a "did you mean". */
  static List<String> s3Warnings(Map<String, String> properties) {
    List<String> found = new ArrayList<>();
    for (String key : new TreeMap<>(properties).keySet()) {
      if (key.startsWith("s3.") && !S3Keys.known(key)) {
        found.add(
            String.format(
                "Unknown property %s, ignored by S3FileIO%s", key, suggestion(key, S3Keys.KEYS)));
      }
    }
    return List.copyOf(found);
  }

  private static void checkHttpUri(Map<String, String> properties, String key, String example) {
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
          key, FloeConfig.redactUri(value), example);
    }
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
}
