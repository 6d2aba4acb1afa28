package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.SchemaEvolutionException;
import dev.floe.ingest.AppendResult;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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
      "Append JSON lines (.jsonl), CSV (.csv, header row), Parquet (.parquet) or Arrow IPC (.arrow"
          + " file, .arrows stream) files to a table, converting values by the table schema."
          + " Files are read a batch at a time.",
      "Each file is its own producer (PRODUCER:FILE NAME) and each batch of rows its sequence, so"
          + " running the same files again appends nothing twice."
    })
final class IngestCommand implements Runnable {
  private static final Pattern ROW = Pattern.compile("row (\\d+) ");
  private static final Pattern PREFIX =
      Pattern.compile("^Cannot append batch \\d+ of producer .+?: ");

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
      description = "Data file format of the table: parquet (default) or orc.")
  String format = "parquet";

  @Option(
      names = "--input-format",
      paramLabel = "FORMAT",
      description =
          "Format of the input files: "
              + IngestInput.FORMATS
              + ". Default: by each file's extension.")
  String inputFormat;

  @Option(names = "--batch-rows", paramLabel = "N", description = "Rows per batch (default 10000).")
  int batchRows = 10_000;

  @Option(
      names = "--progress",
      negatable = true,
      description =
          "Show files, rows and rows/s on stderr while ingesting (default: only on a terminal).")
  Boolean progress;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to append.")
  List<Path> files;

  // Totals of this run, for the final report.
  private long rows;
  private long batches;
  private long duplicates;

  @Override
  public void run() {
    if (batchRows <= 0) {
      throw new IllegalArgumentException(
          String.format("Invalid --batch-rows: %s (must be > 0)", batchRows));
    }
    FileFormat fileFormat = FileFormat.fromString(format);
    PrintWriter out = spec.commandLine().getOut();
    IngestProgress bar =
        new IngestProgress(
            spec.commandLine().getErr(),
            CliEnvironment.of(spec).showProgress(progress),
            files.size());
    long start = System.nanoTime();
    try (Floe floe = catalog.open();
        BufferAllocator allocator = new RootAllocator()) {
      Table target = floe.tables().load(table);
      try (TableWriter writer =
          TableWriter.forTable(target).producerId(producer).format(fileFormat).build()) {
        try {
          for (Path file : files) {
            ingest(writer, file, allocator, bar);
          }
        } catch (RuntimeException e) {
          bar.abort();
          throw e;
        }
        bar.finish();
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

  /** Appends {@code file} a batch at a time, each file its own producer. */
  private void ingest(
      TableWriter writer, Path file, BufferAllocator allocator, IngestProgress bar) {
    String fileProducer = producer + ":" + file.getFileName();
    bar.startFile(file);
    try (IngestInput input = IngestInput.open(file, inputFormat, allocator)) {
      for (long seq = 0; ; seq++) {
        Batch batch = input.next(fileProducer, seq, batchRows);
        if (batch == null) {
          break;
        }
        AppendResult result = append(writer, input, batch);
        batches++;
        duplicates += result.duplicate() ? 1 : 0;
        rows += result.rows();
        bar.rows(batch.size());
      }
    }
    bar.endFile();
  }

  private static AppendResult append(TableWriter writer, IngestInput input, Batch batch) {
    try {
      return writer.append(batch);
    } catch (SchemaEvolutionException e) {
      // Point at the line or row of the file, not the row of the batch.
      Matcher row = ROW.matcher(e.getMessage());
      int index = row.find() ? Integer.parseInt(row.group(1)) : -1;
      throw input.at(index, PREFIX.matcher(e.getMessage()).replaceFirst(""));
    }
  }
}
