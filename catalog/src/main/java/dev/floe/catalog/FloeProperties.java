package dev.floe.catalog;

import java.util.Set;

/**
 * Configuration keys of a Floe lakehouse. Keys that do not start with {@code floe.} are passed
 * unchanged to the Iceberg catalog and its FileIO.
 *
 * <p>S3 warehouses ({@code floe.warehouse=s3://bucket/prefix}, any mode) use Iceberg's S3FileIO
 * with its own keys: {@code s3.endpoint} (S3-compatible servers), {@code s3.path-style-access},
 * {@code s3.access-key-id} and {@code s3.secret-access-key} (without them: the AWS default
 * credentials chain, i.e. env, profile, instance role), {@code client.region} (default {@code
 * us-east-1} unless {@code AWS_REGION} is set), {@code s3.write.storage-class} (storage class of
 * every object written). Floe sets {@code io-impl} and {@code http-client.type=urlconnection}
 * unless given. Credentials, tokens and secrets are never printed ({@link FloeConfig#toString()}),
 * nor is the user info of a URI ({@code http://KEY:SECRET@host}). An {@code s3.*} key S3FileIO does
 * not know is a warning with a "did you mean" ({@link FloeConfig#warnings()}), not an error:
 * unknown {@code floe.*} keys are errors.
 */
public final class FloeProperties {
  private FloeProperties() {}

  /**
   * {@code embedded} (SQLite JDBC catalog inside the warehouse, no server), {@code nessie} or
   * {@code rest}.
   */
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

  /** Iceberg REST catalog endpoint, e.g. {@code http://127.0.0.1:19120/iceberg/}. */
  public static final String REST_URI = "floe.rest.uri";

  /** REST path prefix; by default the one the server's {@code /v1/config} returns. */
  public static final String REST_PREFIX = "floe.rest.prefix";

  /**
   * Warehouse the REST server should use (a name or location it knows, e.g. Nessie's {@code
   * warehouse}); by default none is sent and the server picks its default.
   */
  public static final String REST_WAREHOUSE = "floe.rest.warehouse";

  /** Bearer token for the REST catalog; never printed. */
  public static final String REST_TOKEN = "floe.rest.token";

  /** File name of the embedded catalog database inside the warehouse folder. */
  public static final String EMBEDDED_DB_FILE = "floe-catalog.db";

  /**
   * Local folder of the embedded catalog database ({@link #EMBEDDED_DB_FILE}). Default: the
   * warehouse folder when the warehouse is local; for an object-store warehouse ({@code
   * s3://bucket/prefix}) {@code ~/.floe/catalogs/<bucket>_<prefix>-<hash of the URI>} ({@code ~} is
   * {@link #USER_HOME}; an error when Java knows no home folder: set this key). The database holds
   * the pointers to table metadata, so an S3 warehouse has one embedded catalog: the first to open
   * it records itself in {@code <warehouse>/.floe-owner.json} and any other is refused. Hosts share
   * an S3 warehouse through nessie or rest mode.
   */
  public static final String EMBEDDED_DB_DIR = "floe.embedded.db-dir";

  public static final String EMBEDDED_DB_DIR_DEFAULT = "";

  /**
   * The home folder under which an object-store warehouse keeps its embedded catalog ({@code
   * <home>/.floe/catalogs/...}, see {@link #EMBEDDED_DB_DIR}). Default (empty): the JVM's {@code
   * user.home}. Tools and tests that must not touch the account's real home set it.
   */
  public static final String USER_HOME = "floe.user-home";

  public static final String USER_HOME_DEFAULT = "";

  /**
   * Prefix of the lineage settings. Off by default: listeners run only when a provider finds its
   * keys (floe-lineage: {@code floe.lineage.transport.type} or {@code floe.lineage.config-file}).
   * {@code OPENLINEAGE__TRANSPORT__URL} and the other {@code OPENLINEAGE__*} variables map to
   * {@code floe.lineage.transport.url} etc. ({@link FloeConfig.Builder#env}); any key under this
   * prefix is accepted and read by the listener that owns it.
   */
  public static final String LINEAGE_PREFIX = "floe.lineage.";

  /** Events buffered for listeners before new ones are dropped (and counted). */
  public static final String LINEAGE_BUFFER_SIZE = "floe.lineage.buffer-size";

  public static final String LINEAGE_BUFFER_SIZE_DEFAULT = "1024";

  /** How long closing a lakehouse waits for buffered events to reach the listeners. */
  public static final String LINEAGE_CLOSE_TIMEOUT_MS = "floe.lineage.close-timeout-ms";

  public static final String LINEAGE_CLOSE_TIMEOUT_MS_DEFAULT = "5000";

  /** Prefix of the Spark engine's settings, checked and read by floe-spark's SparkProperties. */
  public static final String SPARK_PREFIX = "floe.spark.";

  static final Set<String> KNOWN =
      Set.of(
          CATALOG_MODE,
          CATALOG_NAME,
          WAREHOUSE,
          NESSIE_URI,
          NESSIE_REF,
          NESSIE_TOKEN,
          EMBEDDED_DB_DIR,
          USER_HOME,
          REST_URI,
          REST_PREFIX,
          REST_WAREHOUSE,
          REST_TOKEN);

  static final Set<String> SECRET =
      Set.of(
          NESSIE_TOKEN,
          REST_TOKEN,
          "s3.secret-access-key",
          "s3.access-key-id",
          "s3.session-token",
          "token",
          "credential");
}
