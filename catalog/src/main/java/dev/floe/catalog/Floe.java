package dev.floe.catalog;

import dev.floe.catalog.events.FloeEvents;
import dev.floe.catalog.events.FloeListenerProvider;
import dev.floe.catalog.refs.NessieExperiments;
import dev.floe.catalog.refs.NessieRefs;
import dev.floe.catalog.refs.TableRefExperiments;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
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
  private final NessieRefs nessie;
  private final FloeEvents events;

  private Floe(FloeConfig config, Catalog catalog, NessieRefs nessie) {
    this.config = config;
    this.events = FloeEvents.of(config);
    this.catalog = catalog;
    this.nessie = nessie;
    this.tables = new FloeTables(catalog, nessie);
    this.experiments =
        nessie == null ? new TableRefExperiments(tables) : new NessieExperiments(nessie, tables);
    // Listeners come from providers on the class path (floe-lineage) that find their settings.
    try {
      for (FloeListenerProvider provider : ServiceLoader.load(FloeListenerProvider.class)) {
        provider.create(config).ifPresent(events::register);
      }
    } catch (RuntimeException e) {
      events.close();
      closeQuietly(catalog);
      throw e;
    }
  }

  /**
   * Opens the catalog that {@code config} describes, creating an embedded warehouse if needed. In
   * nessie mode, {@link #experiments()} are catalog-wide Nessie branches.
   */
  public static Floe open(FloeConfig config) {
    return open(config, true);
  }

  /**
   * Opens a lakehouse that already exists, creating nothing: what read-only tools use, so a typo in
   * the warehouse fails instead of leaving an empty warehouse behind. In embedded mode throws
   * {@link dev.floe.catalog.exceptions.NoSuchWarehouseException} when the warehouse folder or its
   * catalog database is missing; in nessie and rest mode the server's catalog is opened as is.
   */
  public static Floe openExisting(FloeConfig config) {
    LocalWarehouse.requireExisting(config);
    return open(config, false);
  }

  private static Floe open(FloeConfig config, boolean createWarehouse) {
    Catalog catalog = CatalogFactory.create(config, createWarehouse);
    if (config.mode() != CatalogMode.NESSIE) {
      return new Floe(config, catalog, null);
    }
    try {
      return new Floe(config, catalog, CatalogFactory.nessieRefs(config));
    } catch (RuntimeException e) {
      closeQuietly(catalog);
      throw e;
    }
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

  /**
   * This lakehouse's events: register a {@link dev.floe.catalog.events.FloeListener} to hear of
   * commits, compactions, expiries, pins and rehydrations of its tables. Delivered on a background
   * thread; closing the lakehouse delivers what is buffered first.
   */
  public FloeEvents events() {
    return events;
  }

  public Experiments experiments() {
    return experiments;
  }

  /**
   * Names of every Nessie branch and tag, sorted: files of a table may be used by any of them.
   * Throws {@link UnsupportedOperationException} outside nessie mode, where branches and tags are
   * refs inside each table.
   */
  public List<String> nessieReferences() {
    return nessie("list Nessie references").names();
  }

  /**
   * Commits of the Nessie branch or tag {@code reference}, newest first, back to {@code since}:
   * every commit at or after it, and always the head. Load a table as it was at one of them with
   * {@code db.t@reference#hash}. Throws {@link UnsupportedOperationException} outside nessie mode.
   */
  public List<NessieCommit> nessieCommits(String reference, Instant since) {
    return nessie("read Nessie commits")
        .commitLog(
            Objects.requireNonNull(reference, "reference"), Objects.requireNonNull(since, "since"));
  }

  /**
   * Metadata locations of {@code table} ({@code db.t}) on the Nessie branch or tag {@code
   * reference} at its head and at every commit at or after {@code since}, each once, newest first:
   * what orphan collection must keep, without loading the table at every commit. Throws {@link
   * UnsupportedOperationException} outside nessie mode.
   */
  public List<String> nessieMetadataLocations(String reference, String table, Instant since) {
    return nessie("read Nessie commits")
        .metadataLocations(
            Objects.requireNonNull(reference, "reference"),
            Objects.requireNonNull(table, "table"),
            Objects.requireNonNull(since, "since"));
  }

  private NessieRefs nessie(String what) {
    if (nessie == null) {
      throw new UnsupportedOperationException(
          "Cannot " + what + ": catalog mode is " + config.mode() + ", not nessie");
    }
    return nessie;
  }

  @Override
  public void close() {
    events.close();
    if (nessie != null) {
      nessie.close();
    }
    if (catalog instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot close catalog " + catalog.name(), e);
      }
    }
  }

  private static void closeQuietly(Catalog catalog) {
    if (catalog instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException | RuntimeException e) {
        // the open failure is what the caller needs to see
      }
    }
  }
}
