package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.TableRef;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code floe table create}: a new Iceberg table from a schema file or a data file's columns. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Create a table on main (nessie mode: on the catalog's branch, --nessie-ref) with the"
          + " columns of --schema FILE.json or --schema-from FILE (.parquet, .arrow, .arrows).",
      "An existing table is an error unless --if-not-exists."
    })
final class TableCreateCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;
  @Mixin NewTableOptions newTable;

  @Parameters(paramLabel = "TABLE", description = "db.table")
  String name;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "Data file format, write.format.default: parquet (default) or orc.")
  String format = "parquet";

  @Option(names = "--if-not-exists", description = "Keep an existing table as it is, exit 0.")
  boolean ifNotExists;

  @Override
  public void run() {
    FileFormat fileFormat;
    try {
      fileFormat = FileFormat.fromString(format);
    } catch (IllegalArgumentException e) {
      throw newTable.usage("Invalid --format: %s (use parquet or orc)", format);
    }
    try (Floe floe = catalog.open()) {
      boolean existed = floe.tables().exists(TableRef.parse(name).identifier().toString());
      Table table = newTable.create(floe, name, fileFormat, null, ifNotExists);
      if (output.json) {
        output.printJson(TableLayout.json(name, table));
      } else {
        TableLayout.print(output.out(), existed ? "Kept existing" : "Created", name, table);
      }
    }
  }
}
