package dev.floe.spark;

import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.FloeProperties;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * The Spark settings that open a Floe catalog as a Spark catalog, so Spark SQL and Floe see the
 * same tables: {@code spark.sql.catalog.<name>.*} for Iceberg's {@code SparkCatalog}, plus
 * Iceberg's SQL extensions (branches, tags, {@code CALL}). Runs on the driver that builds the
 * session, not inside Spark: it reads Floe's configuration.
 *
 * <ul>
 *   <li>embedded: the same Iceberg {@code JdbcCatalog} over the warehouse's SQLite file that Floe
 *       opens, with the same JDBC settings (schema version V1, a busy timeout, WAL), so a Spark job
 *       and a Floe process can share the file. {@code org.xerial:sqlite-jdbc} must be on Spark's
 *       classpath.
 *   <li>nessie: Iceberg's {@code NessieCatalog} (inside {@code iceberg-spark-runtime}) on Floe's
 *       Nessie URI, ref and warehouse, with Floe's bearer token if set.
 *   <li>rest: Iceberg's REST catalog on Floe's URI, prefix, warehouse and token.
 * </ul>
 *
 * <p>Every configuration key outside {@code floe.} (Iceberg's own, such as {@code s3.endpoint}) is
 * passed on. An S3 warehouse gets {@code S3FileIO} with the URL-connection HTTP client, as Floe
 * opens it; Spark then needs {@code iceberg-aws-bundle} on its classpath.
 */
public final class SparkCatalogs {
  static final String EXTENSIONS =
      "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";

  private SparkCatalogs() {}

  /**
   * The settings for {@code config}'s catalog, under the catalog name Floe uses ({@code floe} by
   * default), as {@code key -> value} to pass to {@code SparkSession.builder().config(..)} or
   * {@code spark-submit --conf}. They hold the config's secrets (tokens, S3 keys), if any.
   */
  public static Map<String, String> settings(FloeConfig config) {
    String name = config.get(FloeProperties.CATALOG_NAME, FloeProperties.CATALOG_NAME_DEFAULT);
    String prefix = "spark.sql.catalog." + name;
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.sql.extensions", EXTENSIONS);
    settings.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
    Map<String, String> catalog = new LinkedHashMap<>();
    config
        .properties()
        .forEach(
            (key, value) -> {
              if (!key.startsWith("floe.")) {
                catalog.put(key, value);
              }
            });
    String warehouse =
        switch (config.mode()) {
          case EMBEDDED -> embedded(config, catalog);
          case NESSIE -> nessie(config, catalog);
          case REST -> rest(config, catalog);
        };
    if (warehouse != null && (warehouse.startsWith("s3://") || warehouse.startsWith("s3a://"))) {
      catalog.putIfAbsent("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
      catalog.putIfAbsent("http-client.type", "urlconnection");
    }
    // Floe commits to the same tables from other processes: a cached table would hide them.
    catalog.put("cache-enabled", "false");
    catalog.forEach((key, value) -> settings.put(prefix + "." + key, value));
    return settings;
  }

  private static String embedded(FloeConfig config, Map<String, String> catalog) {
    Path local = config.localWarehouse();
    Preconditions.checkArgument(
        local != null, "Cannot open an embedded catalog on Spark: the warehouse is not local");
    // Where Floe keeps the database for a local warehouse: the configured folder, else beside it.
    String dbDir =
        config.get(FloeProperties.EMBEDDED_DB_DIR, FloeProperties.EMBEDDED_DB_DIR_DEFAULT);
    Path db =
        (dbDir.isBlank() ? local : Path.of(dbDir).toAbsolutePath().normalize())
            .resolve(FloeProperties.EMBEDDED_DB_FILE);
    catalog.put("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
    catalog.put("uri", "jdbc:sqlite:" + db);
    catalog.put("warehouse", local.toString());
    catalog.put("jdbc.schema-version", "V1");
    catalog.put("jdbc.busy_timeout", "30000");
    catalog.put("jdbc.journal_mode", "WAL");
    return local.toString();
  }

  private static String nessie(FloeConfig config, Map<String, String> catalog) {
    String uri = config.get(FloeProperties.NESSIE_URI, null);
    Preconditions.checkArgument(
        uri != null,
        "Cannot open a Nessie catalog on Spark: %s is not set",
        FloeProperties.NESSIE_URI);
    Path local = config.localWarehouse();
    String warehouse = local != null ? local.toString() : config.warehouse();
    catalog.put("catalog-impl", "org.apache.iceberg.nessie.NessieCatalog");
    catalog.put("uri", uri);
    catalog.put("ref", config.get(FloeProperties.NESSIE_REF, FloeProperties.NESSIE_REF_DEFAULT));
    catalog.put("warehouse", warehouse);
    String token = config.get(FloeProperties.NESSIE_TOKEN, null);
    if (token != null) {
      catalog.put("authentication.type", "BEARER");
      catalog.put("authentication.token", token);
    }
    return warehouse;
  }

  private static String rest(FloeConfig config, Map<String, String> catalog) {
    String uri = config.get(FloeProperties.REST_URI, null);
    Preconditions.checkArgument(
        uri != null, "Cannot open a REST catalog on Spark: %s is not set", FloeProperties.REST_URI);
    catalog.put("type", "rest");
    catalog.put("uri", uri);
    putIfSet(catalog, "prefix", config.get(FloeProperties.REST_PREFIX, null));
    String warehouse = config.get(FloeProperties.REST_WAREHOUSE, null);
    putIfSet(catalog, "warehouse", warehouse);
    putIfSet(catalog, "token", config.get(FloeProperties.REST_TOKEN, null));
    // Servers often hand out S3FileIO (Nessie's does): it needs the HTTP client Floe uses.
    catalog.putIfAbsent("http-client.type", "urlconnection");
    return warehouse;
  }

  private static void putIfSet(Map<String, String> catalog, String key, String value) {
    if (value != null && !value.isBlank()) {
      catalog.put(key, value);
    }
  }
}
