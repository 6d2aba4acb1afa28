package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.ingest.IngestProperties;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code floe snapshots}; {@link TableHistory} prints the same layout. */
@Command(
    name = "snapshots",
    mixinStandardHelpOptions = true,
    description = "Show the snapshot history of a table's branch, newest first.")
final class SnapshotsCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "TABLE", description = "db.table or db.table@branch")
  String table;

  @Override
  public void run() {
    try (Floe floe = catalog.openExisting()) {
      ResolvedTable resolved = floe.tables().resolve(table);
      print(output.out(), resolved, history(resolved, Integer.MAX_VALUE));
    }
  }

  /** The ref's snapshot and its ancestors, newest first, at most {@code limit} of them. */
  static List<Snapshot> history(ResolvedTable resolved, int limit) {
    List<Snapshot> history = new ArrayList<>();
    for (Snapshot s = resolved.snapshot(); s != null && history.size() < limit; ) {
      history.add(s);
      s = s.parentId() == null ? null : resolved.table().snapshot(s.parentId());
    }
    return history;
  }

  static void print(PrintWriter out, ResolvedTable resolved, List<Snapshot> history) {
    if (history.isEmpty()) {
      out.println(resolved + " has no snapshots yet");
      return;
    }
    TextTable table =
        new TextTable()
            .text("SNAPSHOT", "COMMITTED", "OPERATION")
            .number("ADDED ROWS", "TOTAL ROWS")
            .text("PRODUCER");
    for (Snapshot s : history) {
      String producer = s.summary().get(IngestProperties.PRODUCER_ID);
      String seq = s.summary().get(IngestProperties.BATCH_SEQUENCE);
      table.row(
          s.snapshotId(),
          Instant.ofEpochMilli(s.timestampMillis()),
          s.operation(),
          Format.count(Summaries.total(s, "added-records")),
          Format.count(Summaries.total(s, "total-records")),
          producer != null ? producer + " #" + seq : groupOf(s));
    }
    table.print(out);
  }

  /**
   * A group commit counts its producers ({@code floe.producer-count}); earlier Floe versions named
   * its batches per producer ({@code floe.batches.<producer>=3,5-7}).
   */
  private static String groupOf(Snapshot s) {
    String counted = s.summary().get(IngestProperties.PRODUCER_COUNT);
    long producers =
        counted != null
            ? Long.parseLong(counted)
            : s.summary().keySet().stream()
                .filter(k -> k.startsWith(IngestProperties.BATCHES_PREFIX))
                .count();
    return producers == 0 ? "" : "group of " + producers + " producers";
  }
}
