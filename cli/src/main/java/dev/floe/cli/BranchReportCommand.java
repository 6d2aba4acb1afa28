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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "What each branch and tag keeps alive: tables, snapshots, bytes referenced, and bytes"
            + " that no other branch or tag uses (freed if it is dropped).")
final class BranchReportCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    try (Floe floe = catalog.openExisting()) {
      List<RefReport> reports = floe.experiments().report();
      if (json) {
        BranchJson.print(out, reports.stream().map(BranchReportCommand::json).toList());
        return;
      }
      if (reports.isEmpty()) {
        out.println("No branches or tags");
        return;
      }
      out.printf(
          "%-24s %-6s %6s %9s %7s %12s %12s%n",
          "REF", "KIND", "TABLES", "SNAPSHOTS", "FILES", "BYTES", "ONLY HERE");
      for (RefReport r : reports) {
        out.printf(
            "%-24s %-6s %6d %9d %7d %12s %12s%n",
            r.name(),
            kind(r),
            r.tables().size(),
            r.snapshots(),
            r.files(),
            Format.bytes(r.bytesReferenced()),
            Format.bytes(r.exclusiveBytes()));
      }
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
