package dev.floe.spark;

import dev.floe.catalog.CatalogMode;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.FloeProperties;
import dev.floe.catalog.TableRef;
import dev.floe.spark.internal.SparkRuntime;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.SnapshotRef;

/**
 * Floe's Spark jobs ({@link FloeSpark}'s compaction, expiry, orphan removal and lock reads) run
 * from a Floe process that does not have Spark on its classpath, such as the {@code floe} command:
 * Spark comes from a {@code SPARK_HOME} or a classpath the user names and runs in this JVM in a
 * class loader of its own, since Floe's Jackson 2.21 breaks Spark 3.5. The Spark catalog settings
 * are {@link SparkCatalogs#settings} of the Floe configuration, so Spark opens the same tables.
 *
 * <pre>{@code
 * try (SparkEngine spark = SparkEngine.builder(config).environment(System.getenv()).start()) {
 *   SparkEngine.Compacted done = spark.compact("db.events", Map.of("min-input-files", "2"));
 * }
 * }</pre>
 *
 * <p>Starting Spark takes seconds; engines on the same jars and master share one running context,
 * stopped when the last is closed. Needs Java's {@code --add-opens} for Spark 3.5 on Java 17 (the
 * {@code floe} launcher's jar declares them).
 */
public final class SparkEngine implements AutoCloseable {
  private final SparkRuntime runtime;
  private final Map<String, String> catalog;
  private final String catalogName;
  private final String master;
  private final boolean nessie;

  private SparkEngine(
      SparkRuntime runtime,
      Map<String, String> catalog,
      String catalogName,
      String master,
      boolean nessie) {
    this.runtime = runtime;
    this.catalog = catalog;
    this.catalogName = catalogName;
    this.master = master;
    this.nessie = nessie;
  }

  /** An engine for the lakehouse of {@code config}; Spark from its {@code floe.spark.*} keys. */
  public static Builder builder(FloeConfig config) {
    return new Builder(config);
  }

  /** What compaction on Spark did; {@code snapshotId} is null when there was nothing to do. */
  public record Compacted(
      int rewrittenFiles, int addedFiles, Long snapshotId, boolean ledgerCarried) {}

  /** What expiry on Spark deleted. */
  public record Expired(long deletedDataFiles, long deletedManifests, long deletedManifestLists) {}

  /**
   * The orphan files found ({@code deleted}: removed, else a dry run) and the ledger files Floe
   * kept although Iceberg listed them as orphans.
   */
  public record Orphans(List<String> files, List<String> keptLedgerFiles, boolean deleted) {
    public Orphans {
      files = List.copyOf(files);
      keptLedgerFiles = List.copyOf(keptLedgerFiles);
    }
  }

  /** Spark's version and master, e.g. {@code Spark 3.5.7 (local[*])}. */
  public String describe() {
    return "Spark " + runtime.sparkVersion() + " (" + master + ")";
  }

  /**
   * Compacts {@code table} with {@link FloeSpark#compact}: {@code db.table} (its {@code main}
   * branch, in nessie mode the configured reference) or {@code db.table@branch} (an Iceberg branch
   * of the table; in nessie mode a Nessie branch, through Iceberg's {@code table@ref} names).
   * {@code options} are Iceberg's {@code RewriteDataFiles} options.
   *
   * @throws IllegalArgumentException for a Nessie commit ({@code #hash}): it cannot be written
   * @throws SparkJobException for an Iceberg tag or a missing branch, checked on Spark before any
   *     file is rewritten (a Nessie tag Nessie itself refuses at the commit; {@code floe compact}
   *     refuses both before Spark starts)
   */
  public Compacted compact(String table, Map<String, String> options) {
    TableRef ref = TableRef.parse(Objects.requireNonNull(table, "table"));
    if (ref.hasHash()) {
      throw new IllegalArgumentException(
          "Cannot compact "
              + table
              + " on Spark: a Nessie commit cannot be written; name a branch");
    }
    String name = catalogName + "." + ref.identifier();
    String branch = ref.ref();
    if (nessie && table.contains("@")) {
      // Nessie's catalog reads `table@ref` and commits to that Nessie branch (a tag it refuses).
      String at = ref.identifier().name() + "@" + ref.ref();
      name = catalogName + "." + ref.identifier().namespace() + ".`" + at.replace("`", "``") + "`";
      branch = SnapshotRef.MAIN_BRANCH;
    }
    Map<?, ?> r =
        (Map<?, ?>)
            runtime.call(
                "compact",
                new Class<?>[] {Map.class, String.class, String.class, Map.class},
                catalog,
                name,
                branch,
                Map.copyOf(options));
    return new Compacted(
        (Integer) r.get("rewritten_files"),
        (Integer) r.get("added_files"),
        (Long) r.get("snapshot_id"),
        (Boolean) r.get("ledger_carried"));
  }

  /** Expires snapshots of {@code table} with {@link FloeSpark#expire}, never a pinned one. */
  public Expired expire(String table, Instant olderThan, int retainLast) {
    Map<?, ?> r =
        (Map<?, ?>)
            runtime.call(
                "expire",
                new Class<?>[] {Map.class, String.class, long.class, int.class},
                catalog,
                sparkName(table),
                olderThan.toEpochMilli(),
                retainLast);
    return new Expired(
        (Long) r.get("deleted_data_files"),
        (Long) r.get("deleted_manifests"),
        (Long) r.get("deleted_manifest_lists"));
  }

  /**
   * Finds orphan files of {@code table} with {@link FloeSpark#removeOrphans}; deletes them if
   * asked.
   */
  public Orphans removeOrphans(String table, Instant olderThan, boolean delete) {
    Map<?, ?> r =
        (Map<?, ?>)
            runtime.call(
                "removeOrphans",
                new Class<?>[] {Map.class, String.class, long.class, boolean.class},
                catalog,
                sparkName(table),
                olderThan.toEpochMilli(),
                delete);
    return new Orphans(strings(r.get("orphans")), strings(r.get("kept")), delete);
  }

  /**
   * Reads a lock with {@link FloeSpark#read} (all rows, or {@code part}: {@code TRAIN}, ...), every
   * file verified on the executors; the number of rows.
   */
  public long read(Path lockFile, String part) {
    return (Long)
        runtime.call(
            "readLock",
            new Class<?>[] {Map.class, String.class, String.class},
            catalog,
            lockFile.toAbsolutePath().toString(),
            part);
  }

  @Override
  public void close() {
    runtime.release();
  }

  private String sparkName(String table) {
    return catalogName + "." + Objects.requireNonNull(table, "table");
  }

  private static List<String> strings(Object list) {
    return ((List<?>) list).stream().map(String::valueOf).toList();
  }

  /** Where Spark comes from; each setter wins over the configuration's key. */
  public static final class Builder {
    private final FloeConfig config;
    private Map<String, String> env = Map.of();
    private Path sparkHome;
    private String classpath;
    private String master;

    private Builder(FloeConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** The environment to read {@code SPARK_HOME} from (default: none). */
    public Builder environment(Map<String, String> env) {
      this.env = Map.copyOf(env);
      return this;
    }

    /** A Spark installation; else {@link SparkProperties#HOME}, else {@code SPARK_HOME}. */
    public Builder sparkHome(Path home) {
      this.sparkHome = home;
      return this;
    }

    /** Classpath entries for Spark; else {@link SparkProperties#CLASSPATH}. */
    public Builder classpath(String entries) {
      this.classpath = entries;
      return this;
    }

    /** Spark's master; else {@link SparkProperties#MASTER}, else {@code local[*]}. */
    public Builder master(String url) {
      this.master = url;
      return this;
    }

    /**
     * Checks that Spark 3.5 and Iceberg's Spark runtime can be found, without starting Spark; see
     * {@link #start()}.
     */
    public void check() {
      checkKeys();
      SparkRuntime.check(home(), entries());
    }

    /**
     * Loads and starts Spark (or joins a running one on the same jars and master).
     *
     * @throws IllegalArgumentException if Spark 3.5 or Iceberg's Spark runtime is missing, naming
     *     what to add, or a {@code floe.spark.*} key is unknown
     */
    public SparkEngine start() {
      checkKeys();
      Path home = home();
      String entries = entries();
      String url = master != null ? master : config.get(SparkProperties.MASTER, null);
      url = url == null || url.isBlank() ? SparkProperties.MASTER_DEFAULT : url;
      Map<String, String> catalog = SparkCatalogs.settings(config);
      Map<String, String> statics = new LinkedHashMap<>();
      statics.put("spark.master", url);
      catalog.forEach(
          (key, value) -> {
            if (!key.startsWith("spark.sql.catalog.")) {
              statics.put(key, value);
            }
          });
      String name = config.get(FloeProperties.CATALOG_NAME, FloeProperties.CATALOG_NAME_DEFAULT);
      return new SparkEngine(
          SparkRuntime.acquire(home, entries, statics),
          Map.copyOf(catalog),
          name,
          url,
          config.mode() == CatalogMode.NESSIE);
    }

    private void checkKeys() {
      for (String key : config.properties().keySet()) {
        if (key.startsWith(FloeProperties.SPARK_PREFIX) && !SparkProperties.KNOWN.contains(key)) {
          throw new IllegalArgumentException(
              "Unknown property " + key + " (known: " + SparkProperties.KNOWN + ")");
        }
      }
    }

    private Path home() {
      if (sparkHome != null) {
        return sparkHome;
      }
      String configured = config.get(SparkProperties.HOME, env.get("SPARK_HOME"));
      return configured == null || configured.isBlank() ? null : Path.of(configured);
    }

    private String entries() {
      return classpath != null ? classpath : config.get(SparkProperties.CLASSPATH, null);
    }
  }
}
