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
import picocli.CommandLine.Spec;

@Command(
    name = "snapshots",
    mixinStandardHelpOptions = true,
    description = "Show the snapshot history of a table's branch, newest first.")
final class SnapshotsCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "TABLE", description = "db.table or db.table@branch")
  String table;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    try (Floe floe = catalog.openExisting()) {
      ResolvedTable resolved = floe.tables().resolve(table);
      List<Snapshot> history = new ArrayList<>();
      for (Snapshot s = resolved.snapshot(); s != null; ) {
        history.add(s);
        s = s.parentId() == null ? null : resolved.table().snapshot(s.parentId());
      }
      if (history.isEmpty()) {
        out.println(resolved + " has no snapshots yet");
        return;
      }
      out.printf(
          "%-20s %-24s %-9s %12s %12s  %s%n",
          "SNAPSHOT", "COMMITTED", "OPERATION", "ADDED ROWS", "TOTAL ROWS", "PRODUCER");
      for (Snapshot s : history) {
        String producer = s.summary().get(IngestProperties.PRODUCER_ID);
        String seq = s.summary().get(IngestProperties.BATCH_SEQUENCE);
        out.printf(
            "%-20d %-24s %-9s %12s %12s  %s%n",
            s.snapshotId(),
            Instant.ofEpochMilli(s.timestampMillis()),
            s.operation(),
            Format.count(Summaries.total(s, "added-records")),
            Format.count(Summaries.total(s, "total-records")),
            producer != null ? producer + " #" + seq : groupOf(s));
      }
    }
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
