package dev.floe.catalog;

import dev.floe.catalog.exceptions.InvalidConfigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where table metadata lives. */
public enum CatalogMode {
  /** Iceberg JdbcCatalog on a SQLite file inside the warehouse folder: no server. */
  EMBEDDED,
  /** Project Nessie: catalog-wide branches and tags. */
  NESSIE,
  /**
   * Any Iceberg REST catalog ({@code floe.rest.uri}), including Nessie's {@code /iceberg/}
   * endpoint. Experiments use Iceberg table refs, as in embedded mode.
   */
  REST;

  static CatalogMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          "Invalid %s: '%s' (expected one of %s)",
          FloeProperties.CATALOG_MODE,
          value,
          Arrays.stream(values())
              .map(m -> m.name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", ")));
    }
  }
}
