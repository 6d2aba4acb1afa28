package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import dev.floe.timetravel.LiveRows;
import java.io.PrintWriter;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(
    name = "tables",
    mixinStandardHelpOptions = true,
    description = "List the tables of the lakehouse with their size on main.")
final class TablesCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    try (Floe floe = catalog.openExisting()) {
      var tables = floe.tables().list();
      if (tables.isEmpty()) {
        out.println(
            "No tables in "
                + FloeConfig.redactUri(floe.config().warehouse())
                + " (try: floe demo)");
        return;
      }
      out.printf("%-32s %14s %8s %12s  %s%n", "TABLE", "ROWS", "FILES", "SIZE", "REFS");
      for (TableIdentifier id : tables) {
        Table table = floe.tables().load(id.toString());
        Snapshot current = table.currentSnapshot();
        out.printf(
            "%-32s %14s %8s %12s  %s%n",
            id,
            LiveRows.of(table, current).describe(Format::count),
            Format.count(Summaries.total(current, "total-data-files")),
            Format.bytes(Summaries.total(current, "total-files-size")),
            String.join(",", floe.tables().refs(id.toString())));
      }
    }
  }
}
