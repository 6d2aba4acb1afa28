package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code floe table history}: {@link SnapshotsCommand}'s listing, with a limit and JSON. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Snapshots of db.table[@ref], newest first, following the ref's ancestry.")
final class TableHistory implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "TABLE", description = "db.table or db.table@ref")
  String name;

  @Option(names = "--limit", defaultValue = "50", description = "At most this many snapshots.")
  int limit;

  @Override
  public void run() {
    try (Floe floe = catalog.openExisting()) {
      ResolvedTable resolved = floe.tables().resolve(name);
      List<Snapshot> history = SnapshotsCommand.history(resolved, limit);
      if (output.json) {
        output.printJson(history.stream().map(TableHistory::json).toList());
        return;
      }
      SnapshotsCommand.print(output.out(), resolved, history);
    }
  }

  private static Map<String, Object> json(Snapshot s) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("snapshot_id", s.snapshotId());
    row.put("parent_id", s.parentId());
    row.put("committed_at", Instant.ofEpochMilli(s.timestampMillis()).toString());
    row.put("operation", s.operation());
    row.put("added_rows", Summaries.total(s, "added-records"));
    row.put("total_rows", Summaries.total(s, "total-records"));
    return row;
  }
}
