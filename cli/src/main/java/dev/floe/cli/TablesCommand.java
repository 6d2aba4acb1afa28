package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.FloeConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code floe tables}, also {@code floe table list}: one listing, one layout. */
@Command(
    name = "tables",
    mixinStandardHelpOptions = true,
    description =
        "List the tables of the lakehouse with their size on main and their health: average data"
            + " file size, small files (under a quarter of write.target-file-size-bytes, default"
            + " 128 MiB), delete files, partitions and snapshots.")
class TablesCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;

  @Override
  public void run() {
    PrintWriter out = output.out();
    try (Floe floe = catalog.openExisting()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (TableIdentifier id : floe.tables().list()) {
        Table table = floe.tables().load(id.toString());
        rows.add(
            TableCommand.summary(
                id.toString(), table, floe.tables().refs(id.toString()), table.currentSnapshot()));
      }
      if (output.json) {
        output.printJson(rows);
        return;
      }
      if (rows.isEmpty()) {
        out.printf(
            "No tables in %s (try: floe demo)%n", FloeConfig.redactUri(floe.config().warehouse()));
        return;
      }
      TextTable table =
          new TextTable()
              .text("TABLE")
              .number("ROWS", "FILES", "SIZE", "AVG FILE", "SMALL", "DELETES", "PARTS", "SNAPS")
              .text("REFS");
      for (Map<String, Object> row : rows) {
        TableHealth health = TableHealth.from(row);
        table.row(
            row.get("table"),
            TableCommand.rows(row),
            Format.count((Long) row.get("files")),
            Format.bytes((Long) row.get("bytes")),
            Format.bytes(health.avgFileSizeBytes()),
            Format.count(health.smallFiles()),
            Format.count(health.deleteFiles()),
            Format.count(health.partitions()),
            Format.count(health.snapshots()),
            String.join(",", TableCommand.refs(row)));
      }
      table.print(out);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List tables on main.")
  static final class ListTables extends TablesCommand {}
}
