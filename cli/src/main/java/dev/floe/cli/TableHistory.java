package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.ingest.IngestProperties;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code floe table history}, also {@code floe snapshots}: one listing, one layout. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Snapshots of db.table[@ref], newest first, following the ref's ancestry.")
class TableHistory implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "TABLE", description = "db.table or db.table@ref")
  String name;

  @Option(
      names = "--limit",
      defaultValue = "50",
      converter = PositiveConverter.ToInt.class,
      description = "At most this many snapshots.")
  int limit;

  @Override
  public void run() {
    try (Floe floe = catalog.openExisting()) {
      ResolvedTable resolved = floe.tables().resolve(name);
      // One more than asked for says whether the listing was cut, so the cut is never silent.
      List<Snapshot> history = history(resolved, limit + 1);
      boolean cut = history.size() > limit;
      history = history.subList(0, Math.min(limit, history.size()));
      if (output.json) {
        output.printJson(history.stream().map(TableHistory::json).toList());
      } else {
        print(output.out(), resolved, history);
      }
      if (cut) {
        PrintWriter err = output.command.commandLine().getErr();
        err.printf("(newest %d snapshots shown; --limit N shows more)%n", limit);
        err.flush();
      }
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

  private static void print(PrintWriter out, ResolvedTable resolved, List<Snapshot> history) {
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
      table.row(
          s.snapshotId(),
          Instant.ofEpochMilli(s.timestampMillis()),
          s.operation(),
          Format.count(Summaries.total(s, "added-records")),
          Format.count(Summaries.total(s, "total-records")),
          producer(s));
    }
    table.print(out);
  }

  private static Map<String, Object> json(Snapshot s) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("snapshot_id", s.snapshotId());
    row.put("parent_id", s.parentId());
    row.put("committed_at", Instant.ofEpochMilli(s.timestampMillis()).toString());
    row.put("operation", s.operation());
    row.put("added_rows", Summaries.total(s, "added-records"));
    row.put("total_rows", Summaries.total(s, "total-records"));
    String producer = producer(s);
    row.put("producer", producer.isEmpty() ? null : producer);
    return row;
  }

  /**
   * The producer and batch of an ingest commit; a group commit counts its producers ({@code
   * floe.producer-count}); earlier Floe versions named its batches per producer ({@code
   * floe.batches.<producer>=3,5-7}).
   */
  private static String producer(Snapshot s) {
    String producer = s.summary().get(IngestProperties.PRODUCER_ID);
    if (producer != null) {
      return producer + " #" + s.summary().get(IngestProperties.BATCH_SEQUENCE);
    }
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
