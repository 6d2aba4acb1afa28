package dev.floe.catalog;

import dev.floe.catalog.exceptions.InvalidConfigException;
import dev.floe.catalog.exceptions.NoSuchWarehouseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folders an embedded catalog lives in on this machine: the local warehouse, and the folder of
 * its SQLite catalog database (beside the tables, or under the user's home for a remote warehouse).
 * Checked before {@link CatalogFactory} opens a catalog on them.
 */
final class LocalWarehouse {
  private LocalWarehouse() {}

  static Path preparedDbDir(FloeConfig config, Path local) {
    Path dbDir = embeddedDbDir(config, local);
    prepare(dbDir);
    return dbDir;
  }

  /** See {@link FloeProperties#EMBEDDED_DB_DIR}. */
  static Path embeddedDbDir(FloeConfig config, Path localWarehouse) {
    String configured =
        config.get(FloeProperties.EMBEDDED_DB_DIR, FloeProperties.EMBEDDED_DB_DIR_DEFAULT);
    if (!configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    if (localWarehouse != null) {
      return localWarehouse;
    }
    return CatalogFolders.of(userHome(config), config.warehouse());
  }

  /** See {@link FloeProperties#USER_HOME}. */
  static String userHome(FloeConfig config) {
    String home = config.get(FloeProperties.USER_HOME, FloeProperties.USER_HOME_DEFAULT);
    return home.isBlank() ? System.getProperty("user.home") : home;
  }

  /**
   * In embedded mode, throws {@link NoSuchWarehouseException} unless the warehouse's local folder
   * and its catalog database exist. Creates nothing. In nessie and rest mode the server owns the
   * catalog: a local warehouse folder that does not exist yet only means no table wrote there.
   */
  static void requireExisting(FloeConfig config) {
    if (config.mode() != CatalogMode.EMBEDDED) {
      return;
    }
    Path local = config.localWarehouse();
    if (local != null && !Files.isDirectory(local)) {
      throw new NoSuchWarehouseException("No warehouse at %s: no such folder", local);
    }
    Path db = embeddedDbDir(config, local).resolve(FloeProperties.EMBEDDED_DB_FILE);
    if (!Files.isRegularFile(db)) {
      throw new NoSuchWarehouseException(
          "No warehouse at %s: it has no embedded catalog %s",
          local != null ? local : config.warehouse(), db);
    }
  }

  /** Creates the folder unless it exists; refuses a file, or a folder this user cannot use. */
  static void prepare(Path warehouse) {
    if (Files.exists(warehouse) && !Files.isDirectory(warehouse)) {
      throw new InvalidConfigException(
          "Cannot use warehouse %s: it is a file, not a folder (give the folder to keep tables in)",
          warehouse);
    }
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
