package dev.floe.catalog;

import java.util.Set;

/**
 * Configuration keys of a Floe lakehouse. Keys that do not start with {@code floe.} are passed
 * unchanged to the Iceberg catalog and its FileIO (for example {@code s3.endpoint}).
 */
public final class FloeProperties {
  private FloeProperties() {}

  /** {@code embedded} (SQLite JDBC catalog inside the warehouse, no server) or {@code nessie}. */
  public static final String CATALOG_MODE = "floe.catalog.mode";

  public static final String CATALOG_MODE_DEFAULT = "embedded";

  /** Name the Iceberg catalog is registered under. */
  public static final String CATALOG_NAME = "floe.catalog.name";

  public static final String CATALOG_NAME_DEFAULT = "floe";

  /** Warehouse folder or URI: a local path, {@code file:/...} or {@code s3://bucket/prefix}. */
  public static final String WAREHOUSE = "floe.warehouse";

  public static final String WAREHOUSE_DEFAULT = "floe-warehouse";

  /** Nessie REST API v2 endpoint, e.g. {@code http://127.0.0.1:19120/api/v2}. */
  public static final String NESSIE_URI = "floe.nessie.uri";

  /** Nessie reference the catalog opens on. */
  public static final String NESSIE_REF = "floe.nessie.ref";

  public static final String NESSIE_REF_DEFAULT = "main";

  /** Bearer token for Nessie; never printed. */
  public static final String NESSIE_TOKEN = "floe.nessie.token";

  /** File name of the embedded catalog database inside the warehouse folder. */
  public static final String EMBEDDED_DB_FILE = "floe-catalog.db";

  static final Set<String> KNOWN =
      Set.of(CATALOG_MODE, CATALOG_NAME, WAREHOUSE, NESSIE_URI, NESSIE_REF, NESSIE_TOKEN);

  static final Set<String> SECRET = Set.of(NESSIE_TOKEN, "s3.secret-access-key", "token");
}
