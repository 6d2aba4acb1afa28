package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.catalog.FloeProperties;
import dev.floe.catalog.exceptions.NoSuchWarehouseException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every command that opens the lakehouse shares. */
final class CatalogOptions {
  static final Path DEFAULT_CONFIG = Path.of("floe.properties");

  @Option(
      names = {"-w", "--warehouse"},
      paramLabel = "DIR",
      description = "Warehouse folder or URI (default: floe.warehouse, else ./floe-warehouse).")
  String warehouse;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file (default: ./floe.properties when it exists).")
  Path config;

  @Option(
      names = "--catalog-mode",
      paramLabel = "MODE",
      description = "embedded (default), nessie or rest.")
  String mode;

  @Option(names = "--nessie-uri", paramLabel = "URI", description = "Nessie API v2 endpoint.")
  String nessieUri;

  @Option(
      names = "--rest-uri",
      paramLabel = "URI",
      description = "Iceberg REST catalog endpoint (rest mode), e.g. Nessie's /iceberg/.")
  String restUri;

  @Option(
      names = "--nessie-ref",
      paramLabel = "BRANCH",
      description = "Nessie branch the catalog opens on and merges into (default main).")
  String nessieRef;

  @Option(names = "--verbose", description = "Print stack traces and library logs on errors.")
  boolean verbose;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  private boolean warned;

  FloeConfig config() {
    FloeConfig built = build();
    if (!warned && command != null) {
      // Once per run, however often the command asks for its config.
      warned = true;
      PrintWriter err = command.commandLine().getErr();
      built.warnings().forEach(w -> err.println("floe: warning: " + w));
      err.flush();
    }
    return built;
  }

  /** What the command takes from its process (see {@link CliEnvironment}). */
  CliEnvironment environment() {
    return CliEnvironment.of(command);
  }

  private FloeConfig build() {
    CliEnvironment environment = environment();
    FloeConfig.Builder builder = FloeConfig.builder();
    if (environment.home() != null) {
      builder.set(FloeProperties.USER_HOME, environment.home().toString());
    }
    Path defaultConfig =
        environment.workingDir() == null ? null : environment.workingDir().resolve(DEFAULT_CONFIG);
    if (config != null) {
      builder.file(config);
    } else if (defaultConfig != null) {
      builder.fileIfExists(defaultConfig);
    }
    builder.env(environment.env());
    if (warehouse != null) {
      builder.set(FloeProperties.WAREHOUSE, warehouse);
    }
    if (mode != null) {
      builder.set(FloeProperties.CATALOG_MODE, mode);
    }
    if (nessieUri != null) {
      builder.set(FloeProperties.NESSIE_URI, nessieUri);
    }
    if (restUri != null) {
      builder.set(FloeProperties.REST_URI, restUri);
    }
    if (nessieRef != null) {
      builder.set(FloeProperties.NESSIE_REF, nessieRef);
    }
    return builder.build();
  }

  /** Opens the lakehouse, creating the warehouse if needed: for commands that write. */
  Floe open() {
    return Floe.open(config());
  }

  /** Opens a lakehouse that exists, creating nothing: for commands that only read. */
  Floe openExisting() {
    try {
      return Floe.openExisting(config());
    } catch (NoSuchWarehouseException e) {
      throw new NoSuchWarehouseException(
          "%s (create one with 'floe demo' or any command that writes, or check --warehouse)",
          e.getMessage());
    }
  }
}
