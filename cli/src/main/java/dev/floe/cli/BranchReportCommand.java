package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.RefReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "What each branch and tag keeps alive: tables, snapshots, bytes referenced, and bytes"
            + " that no other branch or tag uses (freed if it is dropped).")
final class BranchReportCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;

  @Override
  public void run() {
    PrintWriter out = output.out();
    try (Floe floe = catalog.openExisting()) {
      List<RefReport> reports = floe.experiments().report();
      if (output.json) {
        output.printJson(reports.stream().map(BranchReportCommand::json).toList());
        return;
      }
      if (reports.isEmpty()) {
        out.println("No branches or tags");
        return;
      }
      TextTable table =
          new TextTable()
              .text("REF", "KIND")
              .number("TABLES", "SNAPSHOTS", "FILES", "BYTES", "ONLY HERE");
      for (RefReport r : reports) {
        table.row(
            r.name(),
            kind(r),
            r.tables().size(),
            r.snapshots(),
            r.files(),
            Format.bytes(r.bytesReferenced()),
            Format.bytes(r.exclusiveBytes()));
      }
      table.print(out);
      for (RefReport r : reports) {
        if (!r.unreadableTables().isEmpty()) {
          out.printf(
              "%s: cannot read %s (not counted)%n",
              r.name(), String.join(", ", r.unreadableTables()));
        }
      }
    }
  }

  private static String kind(RefReport r) {
    return r.kind().name().toLowerCase(Locale.ROOT);
  }

  static Map<String, Object> json(RefReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("kind", kind(r));
    m.put("tables", r.tables());
    m.put("snapshots", r.snapshots());
    m.put("files", r.files());
    m.put("bytes_referenced", r.bytesReferenced());
    m.put("exclusive_bytes", r.exclusiveBytes());
    m.put("unreadable_tables", r.unreadableTables());
    return m;
  }
}
