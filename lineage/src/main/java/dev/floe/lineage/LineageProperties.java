package dev.floe.lineage;

/**
 * Configuration keys of floe-lineage, read from the lakehouse's {@code FloeConfig} (a {@code
 * floe.properties} file, {@code FLOE_*} or {@code OPENLINEAGE__*} variables, or explicit values).
 * Lineage is off until a transport is named here or in an {@code openlineage.yml}.
 */
public final class LineageProperties {
  private LineageProperties() {}

  /**
   * Transport: {@code console}, {@code file} or {@code http}; its other settings are the keys of
   * OpenLineage's transport under the same prefix ({@code floe.lineage.transport.location} for
   * file, {@code floe.lineage.transport.url}, {@code .endpoint}, {@code .timeoutInMillis} for
   * http). {@code OPENLINEAGE__TRANSPORT__TYPE=http} sets it from the environment.
   */
  public static final String TRANSPORT_PREFIX = "floe.lineage.transport.";

  public static final String TRANSPORT_TYPE = "floe.lineage.transport.type";

  /** An {@code openlineage.yml} to read the transport from, when no transport key is set. */
  public static final String CONFIG_FILE = "floe.lineage.config-file";

  /** Namespace of Floe's jobs in the lineage graph. */
  public static final String JOB_NAMESPACE = "floe.lineage.namespace";

  public static final String JOB_NAMESPACE_DEFAULT = "floe";

  /**
   * Namespace of the table symlinks ({@code db.t}): by default the catalog's URI (nessie, rest) or
   * the warehouse location (embedded), as OpenLineage's Spark integration names Iceberg tables.
   */
  public static final String CATALOG_NAMESPACE = "floe.lineage.catalog-namespace";
}
