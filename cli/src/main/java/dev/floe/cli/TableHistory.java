package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Snapshots of db.table[@ref], newest first, following the ref's ancestry.")
final class TableHistory implements Runnable {
  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "TABLE", description = "db.table or db.table@ref")
  String name;

  @Option(names = "--limit", defaultValue = "50", description = "At most this many snapshots.")
  int limit;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    try (Floe floe = catalog.openExisting()) {
      ResolvedTable resolved = floe.tables().resolve(name);
      Table table = resolved.table();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Snapshot s = resolved.snapshot(); s != null && rows.size() < limit; ) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("snapshot_id", s.snapshotId());
        row.put("parent_id", s.parentId());
        row.put("committed_at", Instant.ofEpochMilli(s.timestampMillis()).toString());
        row.put("operation", s.operation());
        row.put("added_rows", Summaries.total(s, "added-records"));
        row.put("total_rows", Summaries.total(s, "total-records"));
        rows.add(row);
        s = s.parentId() == null ? null : table.snapshot(s.parentId());
      }
      if (json) {
        BranchJson.print(out, rows);
        return;
      }
      if (rows.isEmpty()) {
        out.println(resolved + " has no snapshots yet");
        return;
      }
      out.printf(
          "%-20s %-24s %-10s %12s %14s%n", "SNAPSHOT", "COMMITTED", "OPERATION", "ADDED", "TOTAL");
      for (Map<String, Object> row : rows) {
        out.printf(
            "%-20s %-24s %-10s %12s %14s%n",
            row.get("snapshot_id"),
            row.get("committed_at"),
            row.get("operation"),
            Format.count((Long) row.get("added_rows")),
            Format.count((Long) row.get("total_rows")));
      }
    }
  }
}
