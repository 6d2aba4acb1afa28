package dev.floe.spark;

import dev.floe.catalog.CatalogMode;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.FloeProperties;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * The Spark settings that open a Floe catalog as a Spark catalog, so Spark SQL and Floe see the
 * same tables: {@code spark.sql.catalog.floe.*} for Iceberg's {@code SparkCatalog}, plus Iceberg's
 * SQL extensions (branches, tags, {@code CALL}).
 *
 * <p>Embedded mode only, for now: the same Iceberg {@code JdbcCatalog} over the warehouse's SQLite
 * file that Floe opens, with the same JDBC settings (schema version V1, a busy timeout, WAL), so a
 * Spark job and a Floe process can share the file. The SQLite driver ({@code
 * org.xerial:sqlite-jdbc}) must be on Spark's classpath.
 */
public final class SparkCatalogs {
  static final String EXTENSIONS =
      "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";

  private SparkCatalogs() {}

  /**
   * The settings for {@code config}'s catalog, under the catalog name Floe uses ({@code floe} by
   * default), as {@code key -> value} to pass to {@code SparkSession.builder().config(..)} or
   * {@code spark-submit --conf}.
   */
  public static Map<String, String> settings(FloeConfig config) {
    Preconditions.checkArgument(
        config.mode() == CatalogMode.EMBEDDED,
        "Cannot open catalog mode %s on Spark yet: only embedded is supported",
        config.mode());
    Path local = config.localWarehouse();
    Preconditions.checkArgument(
        local != null, "Cannot open an embedded catalog on Spark: the warehouse is not local");
    String name = config.get(FloeProperties.CATALOG_NAME, FloeProperties.CATALOG_NAME_DEFAULT);
    // Where Floe keeps the database for a local warehouse: the configured folder, else beside it.
    String dbDir =
        config.get(FloeProperties.EMBEDDED_DB_DIR, FloeProperties.EMBEDDED_DB_DIR_DEFAULT);
    Path db =
        (dbDir.isBlank() ? local : Path.of(dbDir).toAbsolutePath().normalize())
            .resolve(FloeProperties.EMBEDDED_DB_FILE);
    String prefix = "spark.sql.catalog." + name;
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.sql.extensions", EXTENSIONS);
    settings.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
    settings.put(prefix + ".catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
    settings.put(prefix + ".uri", "jdbc:sqlite:" + db);
    settings.put(prefix + ".warehouse", local.toString());
    settings.put(prefix + ".jdbc.schema-version", "V1");
    settings.put(prefix + ".jdbc.busy_timeout", "30000");
    settings.put(prefix + ".jdbc.journal_mode", "WAL");
    // Floe commits to the same tables from other processes: a cached table would hide them.
    settings.put(prefix + ".cache-enabled", "false");
    return settings;
  }
}
