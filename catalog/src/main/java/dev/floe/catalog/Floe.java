package dev.floe.catalog;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.iceberg.catalog.Catalog;

/**
 * An open lakehouse: a catalog plus the warehouse it writes to. Open with try-with-resources;
 * closing releases the catalog's connections.
 *
 * <pre>{@code
 * try (Floe floe = Floe.open(FloeConfig.embedded(Path.of("floe-warehouse")))) {
 *   Table events = floe.tables().createIfAbsent("ml.events", schema, spec);
 * }
 * }</pre>
 */
public final class Floe implements AutoCloseable {
  private final FloeConfig config;
  private final Catalog catalog;
  private final FloeTables tables;
  private final Experiments experiments;

  private Floe(FloeConfig config, Catalog catalog) {
    this.config = config;
    this.catalog = catalog;
    this.tables = new FloeTables(catalog);
    this.experiments = new TableRefExperiments(tables);
  }

  /** Opens the catalog that {@code config} describes, creating an embedded warehouse if needed. */
  public static Floe open(FloeConfig config) {
    return new Floe(config, CatalogFactory.create(config));
  }

  public FloeConfig config() {
    return config;
  }

  /** The underlying Iceberg catalog, for what Floe does not wrap. */
  public Catalog catalog() {
    return catalog;
  }

  public FloeTables tables() {
    return tables;
  }

  public Experiments experiments() {
    return experiments;
  }

  @Override
  public void close() {
    if (catalog instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot close catalog " + catalog.name(), e);
      }
    }
  }
}
