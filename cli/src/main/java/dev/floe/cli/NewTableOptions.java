package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.SchemaJson;
import dev.floe.catalog.TableRef;
import dev.floe.catalog.TableSpecs;
import dev.floe.catalog.internal.SmallFiles;
import dev.floe.ingest.files.InputFiles;
import dev.floe.ingest.files.InputOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How a new table looks, for {@code floe table create} and {@code floe ingest --create}: its schema
 * (a JSON schema file, or the columns of a Parquet or Arrow file), partitioning, sort order and
 * properties. Malformed text is a usage error (exit 2) naming the term.
 */
final class NewTableOptions {
  static final String SCHEMA_HELP =
      "JSON schema file: {\"columns\": [{\"name\": \"id\", \"type\": \"long\", \"required\":"
          + " true}, {\"name\": \"v\", \"type\": \"list<float>\"}]} with Iceberg type names"
          + " (timestamptz, decimal(10,2), list<T>, map<K,V>, struct<a: T, ...>), or Iceberg's"
          + " schema JSON.";

  @Option(names = "--schema", paramLabel = "FILE", description = SCHEMA_HELP)
  Path schemaFile;

  @Option(
      names = "--schema-from",
      paramLabel = "FILE",
      description = "Take the columns of a Parquet (.parquet) or Arrow IPC (.arrow, .arrows) file.")
  Path schemaFrom;

  @Option(
      names = "--partition-by",
      paramLabel = "SPEC",
      description =
          "Partition fields, comma-separated: "
              + TableSpecs.TERMS
              + ", e.g. \"day(ts), bucket(id, 16)\".")
  String partitionBy;

  @Option(
      names = "--sort-by",
      paramLabel = "ORDER",
      description =
          "Sort order, e.g. \"user_id, event_ts desc nulls last\" (terms as --partition-by).")
  String sortBy;

  @Option(
      names = "--property",
      paramLabel = "KEY=VALUE",
      description = "A table property (repeatable).")
  Map<String, String> properties = new LinkedHashMap<>();

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** Whether any option of a new table was given. */
  boolean given() {
    return givenBesidesSort() || sortBy != null;
  }

  /** Whether an option only a new table takes was given: ingest's --sort-by also sorts files. */
  boolean givenBesidesSort() {
    return schemaFile != null || schemaFrom != null || partitionBy != null || !properties.isEmpty();
  }

  /**
   * Creates {@code name} with {@code format} as its data file format. A schema from neither
   * --schema nor --schema-from comes from {@code inferFrom} (null: a usage error). An existing
   * table is returned as it is when {@code keepExisting}, refused otherwise.
   */
  Table create(Floe floe, String name, FileFormat format, Path inferFrom, boolean keepExisting) {
    TableRef ref = TableRef.parse(name);
    String plain = ref.identifier().toString();
    if (format != FileFormat.PARQUET && format != FileFormat.ORC) {
      throw usage(
          "Invalid --format: %s (use parquet or orc)", format.name().toLowerCase(Locale.ROOT));
    }
    if (floe.tables().exists(plain)) {
      if (keepExisting) {
        return floe.tables().load(plain);
      }
      throw new AlreadyExistsException(
          "Table already exists: %s (--if-not-exists keeps it; floe table evolve changes it)",
          name);
    }
    if (!ref.isMain()) {
      throw usage(
          floe.tables().nessieMode()
              ? "Cannot create %s: in nessie mode a table is created on the catalog's branch;"
                  + " open the catalog on '%s' with --nessie-ref %s and name the table without @"
              : "Cannot create %s: a table is created on main; its branches start from its"
                  + " snapshots (floe branch create %s)",
          name,
          ref.ref(),
          ref.ref());
    }
    Schema schema = schema(inferFrom);
    PartitionSpec spec =
        parsed("--partition-by", () -> TableSpecs.partitionSpec(schema, partitionBy));
    SortOrder order = parsed("--sort-by", () -> TableSpecs.sortOrder(schema, sortBy));
    Map<String, String> props = new LinkedHashMap<>(properties);
    props.put(TableProperties.DEFAULT_FILE_FORMAT, format.name().toLowerCase(Locale.ROOT));
    return floe.tables().create(name, schema, spec, order, props);
  }

  private Schema schema(Path inferFrom) {
    if (schemaFile != null && schemaFrom != null) {
      throw usage("Give --schema or --schema-from, not both");
    }
    if (schemaFile != null) {
      String json;
      try {
        json = SmallFiles.read(schemaFile);
      } catch (IOException e) {
        throw usage("Cannot read --schema %s: %s", schemaFile, e.getMessage());
      }
      return parsed("--schema " + schemaFile, () -> SchemaJson.parse(json));
    }
    Path file = schemaFrom != null ? schemaFrom : inferFrom;
    if (file == null) {
      throw usage("A new table needs its columns: give --schema FILE.json or --schema-from FILE");
    }
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (schemaFrom == null && !lower.matches(".*\\.(parquet|arrow|arrows|ipc|feather)")) {
      throw usage(
          "Cannot infer column types from %s: CSV and JSON lines do not say them; give --schema"
              + " FILE.json (see floe table create --help)",
          file);
    }
    try (BufferAllocator allocator = new RootAllocator()) {
      return InputFiles.schemaOf(file, InputOptions.defaults().withAllocator(allocator));
    }
  }

  <T> T parsed(String option, Supplier<T> parse) {
    return parsed(command, option, parse);
  }

  ParameterException usage(String format, Object... args) {
    return usage(command, format, args);
  }

  /** The value of {@code parse}, its IllegalArgumentException a usage error naming the option. */
  static <T> T parsed(CommandSpec command, String option, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw usage(command, "Invalid %s: %s", option, e.getMessage());
    }
  }

  /** A usage error (exit 2) of {@code command}. */
  static ParameterException usage(CommandSpec command, String format, Object... args) {
    return new ParameterException(command.commandLine(), String.format(format, args));
  }
}
