package dev.floe.catalog;

import dev.floe.catalog.exceptions.InvalidConfigException;
import dev.floe.catalog.internal.LocalFileIO;
import dev.floe.catalog.internal.NioLocalFileSystem;
import dev.floe.catalog.refs.NessieRefs;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.nessie.NessieCatalog;
import org.apache.iceberg.rest.RESTCatalog;
import org.projectnessie.client.NessieClientBuilder;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.client.auth.BearerAuthenticationProvider;
import org.projectnessie.error.NessieNotFoundException;

/** Builds the Iceberg catalog for a {@link FloeConfig}. */
final class CatalogFactory {
  // An unreachable server fails in seconds rather than hanging a CLI command or a test.
  static final int CONNECT_TIMEOUT_MS = 5_000;
  static final int READ_TIMEOUT_MS = 60_000;

  private CatalogFactory() {}

  /** With {@code createWarehouse} false, no local warehouse folder is created (read-only use). */
  static Catalog create(FloeConfig config, boolean createWarehouse) {
    String name = config.get(FloeProperties.CATALOG_NAME, FloeProperties.CATALOG_NAME_DEFAULT);
    Map<String, String> props = new HashMap<>(config.icebergProperties());
    if (config.mode() == CatalogMode.REST) {
      return rest(name, config);
    }
    Path local = config.localWarehouse();
    String warehouse = local != null ? local.toString() : config.warehouse();
    if (local != null && createWarehouse) {
      LocalWarehouse.prepare(local);
    }
    props.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
    if (local != null) {
      // java.nio, not Hadoop's file systems: no Hadoop class is loaded to open a local table.
      props.putIfAbsent(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    }
    if (isS3(warehouse)) {
      S3Support.require("warehouse " + FloeConfig.redactUri(warehouse));
      s3Defaults(props);
      WarehouseOwner owner =
          config.mode() == CatalogMode.EMBEDDED
              ? WarehouseOwner.embedded(LocalWarehouse.preparedDbDir(config, null))
              : WarehouseOwner.nessie(config.get(FloeProperties.NESSIE_URI, ""));
      S3Probe.check(warehouse, props, owner);
    }
    return switch (config.mode()) {
      case EMBEDDED -> embedded(name, local, config, props);
      case NESSIE -> nessie(name, config, props);
      case REST -> throw new IllegalStateException("handled above");
    };
  }

  private static Catalog embedded(
      String name, Path local, FloeConfig config, Map<String, String> props) {
    Path dbDir = LocalWarehouse.preparedDbDir(config, local);
    props.put(
        CatalogProperties.URI, "jdbc:sqlite:" + dbDir.resolve(FloeProperties.EMBEDDED_DB_FILE));
    props.putIfAbsent("jdbc.schema-version", "V1");
    // Many writer threads share one SQLite file: wait for its lock instead of failing at once.
    props.putIfAbsent("jdbc.busy_timeout", "30000");
    props.putIfAbsent("jdbc.journal_mode", "WAL");
    JdbcCatalog catalog = new JdbcCatalog();
    if (!LocalFileIO.class.getName().equals(props.get(CatalogProperties.FILE_IO_IMPL))) {
      catalog.setConf(hadoopConf()); // JdbcCatalog hands it to the FileIO only
    }
    catalog.initialize(name, props);
    return catalog;
  }

  private static Catalog nessie(String name, FloeConfig config, Map<String, String> props) {
    props.put(CatalogProperties.URI, config.get(FloeProperties.NESSIE_URI, null));
    props.put("ref", config.get(FloeProperties.NESSIE_REF, FloeProperties.NESSIE_REF_DEFAULT));
    // NessieCatalog reads the client's nessie.* settings without the prefix
    // (nessie.transport.connect-timeout).
    props.putIfAbsent("transport.connect-timeout", String.valueOf(CONNECT_TIMEOUT_MS));
    props.putIfAbsent("transport.read-timeout", String.valueOf(READ_TIMEOUT_MS));
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
          FloeConfig.redactUri(config.get(FloeProperties.NESSIE_URI, null)),
          FloeConfig.redactUri(e.getMessage()));
    }
    return catalog;
  }

  /**
   * Iceberg's RESTCatalog. The server owns the warehouse, so nothing local is created; S3 keys in
   * the config still reach the client-side FileIO (servers may also vend their own).
   */
  private static Catalog rest(String name, FloeConfig config) {
    Map<String, String> props = new HashMap<>(config.icebergProperties());
    String uri = config.get(FloeProperties.REST_URI, null);
    props.put(CatalogProperties.URI, uri);
    putIfSet(props, "prefix", config.get(FloeProperties.REST_PREFIX, null));
    putIfSet(
        props,
        CatalogProperties.WAREHOUSE_LOCATION,
        config.get(FloeProperties.REST_WAREHOUSE, null));
    putIfSet(props, "token", config.get(FloeProperties.REST_TOKEN, null));
    props.putIfAbsent("rest.client.connection-timeout-ms", String.valueOf(CONNECT_TIMEOUT_MS));
    props.putIfAbsent("rest.client.socket-timeout-ms", String.valueOf(READ_TIMEOUT_MS));
    // Servers often hand out S3FileIO (Nessie does): it needs the HTTP client catalog ships.
    props.putIfAbsent("http-client.type", "urlconnection");
    if (props.keySet().stream().anyMatch(k -> k.startsWith("s3."))) {
      S3Support.require("REST catalog " + FloeConfig.redactUri(uri) + " with s3.* settings");
      s3Defaults(props);
    }
    RESTCatalog catalog = new RESTCatalog();
    catalog.setConf(hadoopConf());
    try {
      catalog.initialize(name, props);
    } catch (RuntimeException e) {
      try {
        catalog.close();
      } catch (java.io.IOException | RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw new InvalidConfigException(
          e, "Cannot open REST catalog at %s: %s", FloeConfig.redactUri(uri), rootMessage(e));
    }
    return catalog;
  }

  private static void putIfSet(Map<String, String> props, String key, String value) {
    if (value != null && !value.isBlank()) {
      props.put(key, value);
    }
  }

  /** A Nessie API v2 client for references (branches, tags, merges) of a nessie-mode config. */
  static NessieRefs nessieRefs(FloeConfig config) {
    String uri = config.get(FloeProperties.NESSIE_URI, null);
    String token = config.get(FloeProperties.NESSIE_TOKEN, null);
    NessieClientBuilder builder =
        NessieClientBuilder.createClientBuilderFromSystemSettings()
            .withUri(uri)
            .withConnectionTimeout(CONNECT_TIMEOUT_MS)
            .withReadTimeout(READ_TIMEOUT_MS);
    if (token != null) {
      builder.withAuthentication(BearerAuthenticationProvider.create(token));
    }
    NessieApiV2 api;
    try {
      api = builder.build(NessieApiV2.class);
    } catch (RuntimeException e) {
      throw new InvalidConfigException(
          e,
          "Cannot open Nessie client for %s: %s",
          FloeConfig.redactUri(uri),
          FloeConfig.redactUri(e.getMessage()));
    }
    String ref = config.get(FloeProperties.NESSIE_REF, FloeProperties.NESSIE_REF_DEFAULT);
    try {
      // NessieCatalog connects lazily: check now, so a wrong URI fails at open, not mid-job.
      api.getReference().refName(ref).get();
    } catch (NessieNotFoundException e) {
      api.close();
      throw new InvalidConfigException(
          "Invalid %s '%s': no such branch on Nessie at %s",
          FloeProperties.NESSIE_REF, ref, FloeConfig.redactUri(uri));
    } catch (RuntimeException e) {
      api.close();
      throw new InvalidConfigException(
          e, "Cannot open Nessie catalog at %s: %s", FloeConfig.redactUri(uri), rootMessage(e));
    }
    return new NessieRefs(api, ref);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    // Client messages quote the URI they called, user info included.
    return FloeConfig.redactUri(
        root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")");
  }

  static boolean isS3(String warehouse) {
    return warehouse.matches("(?i)s3[an]?://.*");
  }

  /** S3FileIO with the HTTP client catalog ships, and a region when none is configured. */
  private static void s3Defaults(Map<String, String> props) {
    props.putIfAbsent(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
    props.putIfAbsent("http-client.type", "urlconnection");
    boolean regionFromEnv =
        System.getenv("AWS_REGION") != null
            || System.getenv("AWS_DEFAULT_REGION") != null
            || System.getProperty("aws.region") != null;
    if (!regionFromEnv) {
      // S3-compatible servers ignore it, but the SDK refuses to start without one.
      props.putIfAbsent("client.region", "us-east-1");
    }
  }

  /** Local files through {@link NioLocalFileSystem}: no .crc sidecars, no chmod subprocesses. */
  static Configuration hadoopConf() {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }
}
