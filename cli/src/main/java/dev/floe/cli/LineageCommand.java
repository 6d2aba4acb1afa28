package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.columnar.Contribution;
import dev.floe.ingest.RowRanges;
import dev.floe.timetravel.Lineage;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.TimeTravel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    description =
        "Tell which producers, writer runs, source files and batch sequences made the rows of a"
            + " lock file (every table of it) or of a table's snapshot, from the provenance each"
            + " data file carries in its footer (no data is read). Rows add up to the data files'"
            + " records; where that is not exactly the rows read (a filter, delete files, files"
            + " without provenance) it says so, and exits 0 all the same.")
final class LineageCommand implements Callable<Integer> {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "LOCK|TABLE",
      description =
          "A lock file written by floe pin, or a table (db.t or db.t@ref) for its current"
              + " snapshot or --snapshot.")
  String target;

  @Option(
      names = "--snapshot",
      paramLabel = "ID",
      description = "With a table: the snapshot to tell (default: the ref's current one).")
  Long snapshot;

  @Override
  public Integer call() {
    Path lockFile = lockFile(target);
    if (lockFile != null && snapshot != null) {
      throw new ParameterException(
          spec.commandLine(),
          "--snapshot goes with a table, not a lock file: " + target + " pins its own snapshots");
    }
    Lineage lineage;
    try (Floe floe = catalog.openExisting()) {
      lineage =
          lockFile != null
              ? TimeTravel.lineage(floe, LockFile.read(lockFile))
              : TimeTravel.lineage(floe, target, snapshot);
    }
    if (output.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("lock_file", lockFile == null ? null : lockFile.toAbsolutePath().toString());
      m.put("exact", lineage.exact());
      m.put("tables", lineage.tables().stream().map(LineageCommand::json).toList());
      output.printJson(m);
      return 0;
    }
    PrintWriter out = spec.commandLine().getOut();
    for (Lineage.Table table : lineage.tables()) {
      print(out, table);
    }
    return 0;
  }

  /** A lock file when {@code target} names an existing file or a {@code .json} path. */
  private static Path lockFile(String target) {
    Path path = Path.of(target);
    return target.endsWith(".json") || Files.isRegularFile(path) ? path : null;
  }

  private static void print(PrintWriter out, Lineage.Table table) {
    out.printf(
        "%s snapshot %d: %s rows in %s data files%s%n",
        table.name(),
        table.snapshotId(),
        Format.count(table.records()),
        Format.count(table.files().size()),
        table.rowsRead() == null ? "" : " (the lock reads " + Format.count(table.rowsRead()) + ")");
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"PRODUCER", "RUN", "SOURCE", "SEQUENCES", "ROWS"});
    for (Contribution c : table.origins()) {
      lines.add(
          new String[] {
            c.isKnown() ? c.producer() : "(unknown)",
            orDash(c.run()),
            orDash(c.source()),
            c.isKnown() ? sequences(c) : "-",
            Format.count(c.rows())
          });
    }
    int[] widths = new int[5];
    for (String[] line : lines) {
      for (int k = 0; k < widths.length; k++) {
        widths[k] = Math.max(widths[k], line[k].length());
      }
    }
    for (String[] line : lines) {
      StringBuilder row = new StringBuilder(" ");
      for (int k = 0; k < widths.length; k++) {
        String cell = line[k];
        row.append(' ').append(k == 4 ? " ".repeat(widths[k] - cell.length()) + cell : cell);
        if (k < 4) {
          row.append(" ".repeat(widths[k] - cell.length()));
        }
      }
      out.println(row.toString().stripTrailing());
    }
    if (table.exact()) {
      out.printf("  exact: the rows add up to the %s rows read%n", Format.count(table.records()));
    } else {
      out.println("  NOT exact:");
      table.caveats().forEach(c -> out.println("  - " + c));
    }
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }

  /** Batch sequences; for {@code floe ingest}'s file keys, the rows of the file they name. */
  private static String sequences(Contribution c) {
    if (RowRanges.keyed(c.producer())) {
      return "rows " + new FileKey.Rows(RowRanges.start(c.firstSeq()), RowRanges.end(c.lastSeq()));
    }
    return c.firstSeq() == c.lastSeq()
        ? Long.toString(c.firstSeq())
        : c.firstSeq() + "-" + c.lastSeq();
  }

  private static Map<String, Object> json(Lineage.Table table) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", table.name());
    m.put("snapshot_id", table.snapshotId());
    m.put("records", table.records());
    m.put("rows_read", table.rowsRead());
    m.put("counted_rows", table.countedRows());
    m.put("exact", table.exact());
    m.put("caveats", table.caveats());
    m.put("origins", table.origins().stream().map(LineageCommand::json).toList());
    List<Map<String, Object>> files = new ArrayList<>();
    for (Lineage.File file : table.files()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("path", file.location());
      f.put("records", file.records());
      f.put("rows_in_provenance", file.provenanceRows());
      f.put("delete_files", file.deleteFiles());
      f.put("flag", file.flag());
      f.put("contributions", file.contributions().stream().map(LineageCommand::json).toList());
      files.add(f);
    }
    m.put("files", files);
    return m;
  }

  private static Map<String, Object> json(Contribution c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("producer", c.producer());
    m.put("run", c.run());
    m.put("source", c.source());
    m.put("first_seq", c.isKnown() ? c.firstSeq() : null);
    m.put("last_seq", c.isKnown() ? c.lastSeq() : null);
    m.put("rows", c.rows());
    return m;
  }
}
