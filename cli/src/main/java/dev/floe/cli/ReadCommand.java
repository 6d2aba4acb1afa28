package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.timetravel.Reader;
import dev.floe.timetravel.TimeTravel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "read",
    mixinStandardHelpOptions = true,
    description = "Print rows of a table as of a branch, tag, snapshot or time (tab-separated).")
final class ReadCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "TABLE", description = "db.table, db.table@branch or db.table@tag")
  String table;

  @Option(names = "--snapshot", paramLabel = "ID", description = "Read this snapshot id.")
  Long snapshot;

  @Option(
      names = "--as-of",
      paramLabel = "TIME",
      description =
          "Read the snapshot current at this time: an ISO-8601 instant"
              + " (2026-11-21T10:15:30Z) or epoch milliseconds.")
  String asOf;

  @Option(
      names = "--columns",
      split = ",",
      paramLabel = "COL",
      description = "Columns to read (default all).")
  List<String> columns;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "Rows (default 20).")
  long limit;

  private Instant instant(String text) {
    try {
      return text.chars().allMatch(Character::isDigit)
          ? Instant.ofEpochMilli(Long.parseLong(text))
          : Instant.parse(text);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid --as-of '"
              + text
              + "': expected an ISO-8601 instant like 2026-11-21T10:15:30Z or epoch millis");
    }
  }

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    try (Floe floe = catalog.open()) {
      Reader reader = TimeTravel.read(floe, table);
      if (snapshot != null) {
        reader.snapshot(snapshot);
      }
      if (asOf != null) {
        reader.asOf(instant(asOf));
      }
      if (columns != null) {
        reader.select(columns.toArray(new String[0]));
      }
      long printed = 0;
      try (CloseableIterable<Record> rows = reader.records()) {
        boolean header = true;
        for (Record row : rows) {
          if (header) {
            out.println(
                row.struct().fields().stream()
                    .map(Types.NestedField::name)
                    .collect(Collectors.joining("\t")));
            header = false;
          }
          if (printed++ >= limit) {
            break;
          }
          StringBuilder line = new StringBuilder();
          for (int i = 0; i < row.size(); i++) {
            line.append(i == 0 ? "" : "\t").append(row.get(i));
          }
          out.println(line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.flush();
      spec.commandLine()
          .getErr()
          .printf(
              "(%s rows shown, snapshot %d)%n",
              Format.count(Math.min(printed, limit)), reader.snapshotId());
    }
  }
}
