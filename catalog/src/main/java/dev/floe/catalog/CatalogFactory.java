package dev.floe.catalog;

import dev.floe.catalog.exceptions.InvalidConfigException;
import dev.floe.catalog.internal.NioLocalFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.nessie.NessieCatalog;

/** Builds the Iceberg catalog for a {@link FloeConfig}. */
final class CatalogFactory {
  private CatalogFactory() {}

  static Catalog create(FloeConfig config) {
    String name = config.get(FloeProperties.CATALOG_NAME, FloeProperties.CATALOG_NAME_DEFAULT);
    Map<String, String> props = new HashMap<>(config.icebergProperties());
    Path local = config.localWarehouse();
    String warehouse = local != null ? local.toString() : config.warehouse();
    if (local != null) {
      prepareLocalWarehouse(local);
    }
    props.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
    return switch (config.mode()) {
      case EMBEDDED -> embedded(name, local, config, props);
      case NESSIE -> nessie(name, config, props);
    };
  }

  private static Catalog embedded(
      String name, Path local, FloeConfig config, Map<String, String> props) {
    if (local == null) {
      throw new InvalidConfigException(
          "Cannot open embedded catalog: warehouse %s is not a local folder, and the embedded"
              + " catalog database lives inside the warehouse (use nessie mode for object stores)",
          config.warehouse());
    }
    props.put(
        CatalogProperties.URI, "jdbc:sqlite:" + local.resolve(FloeProperties.EMBEDDED_DB_FILE));
    props.putIfAbsent("jdbc.schema-version", "V1");
    // Many writer threads share one SQLite file: wait for its lock instead of failing at once.
    props.putIfAbsent("jdbc.busy_timeout", "30000");
    props.putIfAbsent("jdbc.journal_mode", "WAL");
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.setConf(hadoopConf());
    catalog.initialize(name, props);
    return catalog;
  }

  private static Catalog nessie(String name, FloeConfig config, Map<String, String> props) {
    props.put(CatalogProperties.URI, config.get(FloeProperties.NESSIE_URI, null));
    props.put("ref", config.get(FloeProperties.NESSIE_REF, FloeProperties.NESSIE_REF_DEFAULT));
    String token = config.get(FloeProperties.NESSIE_TOKEN, null);
    if (token != null) {
      props.put("authentication.type", "BEARER");
      props.put("authentication.token", token);
    }
    NessieCatalog catalog = new NessieCatalog();
    catalog.setConf(hadoopConf());
    try {
      catalog.initialize(name, props);
    } catch (RuntimeException e) {
      throw new InvalidConfigException(
          e,
          "Cannot open Nessie catalog at %s: %s",
          config.get(FloeProperties.NESSIE_URI, null),
          e.getMessage());
    }
    return catalog;
  }

  /** Local files through {@link NioLocalFileSystem}: no .crc sidecars, no chmod subprocesses. */
  static Configuration hadoopConf() {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }

  private static void prepareLocalWarehouse(Path warehouse) {
    try {
      Files.createDirectories(warehouse);
    } catch (IOException e) {
      throw new InvalidConfigException(
          e, "Cannot create warehouse folder %s: %s", warehouse, e.getMessage());
    }
    if (!Files.isDirectory(warehouse)) {
      throw new InvalidConfigException("Cannot use warehouse %s: not a folder", warehouse);
    }
    if (!Files.isWritable(warehouse) || !Files.isReadable(warehouse)) {
      throw new InvalidConfigException(
          "Cannot use warehouse %s: not readable and writable by this user", warehouse);
    }
  }
}
