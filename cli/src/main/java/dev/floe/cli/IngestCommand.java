package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.SchemaEvolutionException;
import dev.floe.ingest.AppendResult;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Append JSON lines (.jsonl) or CSV (.csv, header row) files to a table, converting values"
          + " by the table schema.",
      "Each file is its own producer (PRODUCER:FILE NAME) and each batch of rows its sequence, so"
          + " running the same files again appends nothing twice."
    })
final class IngestCommand implements Runnable {
  private static final Pattern ROW = Pattern.compile("row (\\d+) ");

  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--table", required = true, paramLabel = "TABLE", description = "db.table")
  String table;

  @Option(
      names = "--producer",
      paramLabel = "ID",
      description = "Producer id prefix (default cli).")
  String producer = "cli";

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "Data file format: parquet (default) or orc.")
  String format = "parquet";

  @Option(names = "--batch-rows", paramLabel = "N", description = "Rows per batch (default 10000).")
  int batchRows = 10_000;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to append.")
  List<Path> files;

  @Override
  public void run() {
    if (batchRows <= 0) {
      throw new IllegalArgumentException(
          String.format("Invalid --batch-rows: %s (must be > 0)", batchRows));
    }
    FileFormat fileFormat = FileFormat.fromString(format);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    long rows = 0;
    long batches = 0;
    long duplicates = 0;
    try (Floe floe = catalog.open()) {
      Table target = floe.tables().load(table);
      try (TableWriter writer =
          TableWriter.forTable(target).producerId(producer).format(fileFormat).build()) {
        for (Path file : files) {
          String fileProducer = producer + ":" + file.getFileName();
          long fileRows = 0;
          try (IngestFileReader reader = new IngestFileReader(file)) {
            for (long seq = 0; ; seq++) {
              List<Map<String, Object>> batch = reader.next(batchRows);
              if (batch.isEmpty()) {
                break;
              }
              AppendResult result = append(writer, reader, file, fileProducer, seq, batch);
              batches++;
              duplicates += result.duplicate() ? 1 : 0;
              fileRows += batch.size();
              rows += result.rows();
              err.printf("\r%s: %s rows", file.getFileName(), Format.count(fileRows));
              err.flush();
            }
          }
          err.println();
        }
        out.printf(
            "Ingested %s rows from %d file(s) into %s in %d batch(es) (%d already committed),"
                + " %.1f s%n",
            Format.count(rows),
            files.size(),
            table,
            batches,
            duplicates,
            (System.nanoTime() - start) / 1e9);
      }
    }
  }

  private static AppendResult append(
      TableWriter writer,
      IngestFileReader reader,
      Path file,
      String producer,
      long seq,
      List<Map<String, Object>> batch) {
    try {
      return writer.append(Batch.ofRows(producer, seq, batch));
    } catch (SchemaEvolutionException e) {
      // Point at the line of the file, not the row of the batch.
      Matcher row = ROW.matcher(e.getMessage());
      long line = row.find() ? reader.lineOf(Integer.parseInt(row.group(1))) : 0;
      String what = e.getMessage().replaceFirst("^Cannot append batch \\d+ of producer \\S+: ", "");
      throw new IngestFileReader.BadInputException(file, line, what);
    }
  }
}
