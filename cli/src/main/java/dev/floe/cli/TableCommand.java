package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.timetravel.LiveRows;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "table",
    mixinStandardHelpOptions = true,
    description = "Tables in any catalog mode: create, evolve, drop, list, describe, history.",
    subcommands = {
      TableCreateCommand.class,
      TableEvolveCommand.class,
      TableDropCommand.class,
      TablesCommand.ListTables.class,
      TableCommand.Describe.class,
      TableHistory.class
    })
final class TableCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code refs}: {@link dev.floe.catalog.FloeTables#refs}, every Nessie ref in nessie mode. */
  static Map<String, Object> summary(
      String name, Table table, List<String> refs, Snapshot current) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", name);
    m.put("snapshot_id", current == null ? null : current.snapshotId());
    // Live rows, as a read returns them: fewer than the data records on a merge-on-read table.
    LiveRows live = LiveRows.of(table, current);
    m.put("rows", live.rows());
    m.put("rows_exact", live.exact());
    m.put("data_records", live.records());
    m.put("files", Summaries.total(current, "total-data-files"));
    m.put("bytes", Summaries.total(current, "total-files-size"));
    m.put("refs", refs);
    TableHealth.of(table, current).putInto(m);
    return m;
  }

  /** The live rows of a summary, "at most N" when equality deletes leave them unknown. */
  static String rows(Map<String, Object> summary) {
    return new LiveRows(
            (Long) summary.get("data_records"),
            (Long) summary.get("rows"),
            (Boolean) summary.get("rows_exact"))
        .describe(Format::count);
  }

  /** The refs of a summary. */
  @SuppressWarnings("unchecked")
  static List<String> refs(Map<String, Object> summary) {
    return (List<String>) summary.get("refs");
  }

  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description =
          "Schema, partitioning (day(event_ts), bucket(16, user_id)), format version, location,"
              + " refs, size and health (as floe tables shows it) of db.table[@ref].")
  static final class Describe implements Runnable {
    @Mixin CatalogOptions catalog;
    @Mixin OutputOptions output;

    @Parameters(paramLabel = "TABLE", description = "db.table or db.table@ref")
    String name;

    @Override
    public void run() {
      PrintWriter out = output.out();
      try (Floe floe = catalog.openExisting()) {
        ResolvedTable resolved = floe.tables().resolve(name);
        Table table = resolved.table();
        Snapshot current = resolved.snapshot();
        Map<String, Object> m =
            summary(
                resolved.toString(),
                table,
                floe.tables().refs(resolved.name().identifier().toString()),
                current);
        m.put("location", table.location());
        m.put("format_version", formatVersion(table));
        m.put("schema", table.schema().columns().stream().map(Object::toString).toList());
        m.put("partition_spec", partitionFields(table));
        m.put(
            "last_updated",
            current == null ? null : Instant.ofEpochMilli(current.timestampMillis()).toString());
        if (output.json) {
          output.printJson(m);
          return;
        }
        out.printf("Table     %s%n", m.get("table"));
        out.printf("Location  %s%n", m.get("location"));
        out.printf(
            "Snapshot  %s (%s)%n",
            current == null ? "-" : current.snapshotId(),
            m.get("last_updated") == null ? "no commits" : m.get("last_updated"));
        out.printf(
            "Size      %s rows, %s files, %s%n",
            rows(m), Format.count((Long) m.get("files")), Format.bytes((Long) m.get("bytes")));
        out.printf("Refs      %s%n", String.join(", ", refs(m)));
        Object version = m.get("format_version");
        out.printf("Format    %s%n", version == null ? "unknown" : "v" + version);
        out.printf("Health    %s%n", health(TableHealth.from(m)));
        out.println("Schema");
        table.schema().columns().forEach(c -> out.println("  " + c));
        out.println("Partitioning");
        if (table.spec().isUnpartitioned()) {
          out.println("  (unpartitioned)");
        }
        partitionFields(table).forEach(f -> out.println("  " + transform(f)));
      }
    }
  }

  /** The format version from the table metadata: catalogs do not keep it in the properties. */
  static Integer formatVersion(Table table) {
    return table instanceof HasTableOperations ops
        ? ops.operations().current().formatVersion()
        : null;
  }

  /** Each partition field as its name, transform and source column (null once dropped). */
  static List<Map<String, Object>> partitionFields(Table table) {
    return table.spec().fields().stream()
        .map(
            f -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("name", f.name());
              m.put("transform", f.transform().toString());
              m.put("source_column", table.schema().findColumnName(f.sourceId()));
              return m;
            })
        .toList();
  }

  /** A partition field as DDL writes it: {@code day(event_ts)}, {@code bucket(16, user_id)}. */
  static String transform(Map<String, Object> field) {
    String column = (String) field.get("source_column");
    String source = column == null ? "<dropped column>" : column;
    String transform = (String) field.get("transform");
    int bracket = transform.indexOf('[');
    if (bracket >= 0) {
      // bucket[16], truncate[4]: the width comes first, as in Spark's bucket(16, user_id).
      String width = transform.substring(bracket + 1, transform.length() - 1);
      return transform.substring(0, bracket) + "(" + width + ", " + source + ")";
    }
    return "identity".equals(transform) ? source : transform + "(" + source + ")";
  }

  /** The health fields in a line: what `floe tables` shows in columns. */
  static String health(TableHealth h) {
    return String.format(
        "avg file %s, %s small files (under %s), %s delete files, %s partitions, %s snapshots",
        Format.bytes(h.avgFileSizeBytes()),
        Format.count(h.smallFiles()),
        Format.bytes(h.smallFileThresholdBytes()),
        Format.count(h.deleteFiles()),
        Format.count(h.partitions()),
        Format.count(h.snapshots()));
  }
}
