package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.ingest.CommittedBatches;
import dev.floe.ingest.TableWriter;
import dev.floe.ingest.files.HashedBytes;
import dev.floe.ingest.files.InputFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Append JSON lines (.jsonl), CSV (.csv, header row), Parquet (.parquet) or Arrow IPC (.arrow"
          + " file, .arrows stream) files to a table, converting values by the table schema."
          + " Files are read a batch at a time.",
      "Exactly once by content: a file is keyed by the SHA-256 of its bytes (with the batch size of"
          + " its first ingest), so the same bytes append nothing again, whatever the file is"
          + " called or --batch-rows says, a partly ingested file resumes where it stopped, and"
          + " new bytes always append. --force appends the same bytes again."
    })
final class IngestCommand implements Runnable {
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
              + InputFiles.FORMATS
              + ". Default: by each file's extension.")
  String inputFormat;

  @Option(
      names = "--batch-rows",
      paramLabel = "N",
      description =
          "Rows per batch (default 10000). A file ingested before keeps the batch size of its"
              + " first ingest.")
  int batchRows = 10_000;

  @Option(
      names = "--force",
      description = "Append files even if the same bytes were ingested before (a new copy).")
  boolean force;

  @Option(
      names = "--delimiter",
      paramLabel = "CHAR",
      description = "Delimiter of CSV values: one character, or tab (default ,).")
  String delimiter = ",";

  @Option(
      names = "--create",
      description =
          "Create the table when absent, with the columns of --schema, --schema-from or the first"
              + " file (Parquet or Arrow); --partition-by, --sort-by, --property as in table create.")
  boolean create;

  @Mixin NewTableOptions newTable;

  @Mixin ProgressOptions progress;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to append.")
  List<Path> files;

  // Totals of this run, for the final report.
  private long rows;
  private long batches;
  private long duplicates;

  @Override
  public void run() {
    Preconditions.checkArgument(batchRows > 0, "Invalid --batch-rows: %s (must be > 0)", batchRows);
    char csvDelimiter = delimiter();
    if (!create && newTable.given()) {
      throw newTable.usage(
          "--schema, --schema-from, --partition-by, --sort-by, --property need --create");
    }
    FileFormat fileFormat = FileFormat.fromString(format);
    // Every file is read once up front: a missing or unreadable one stops the run before any
    // commit, and the hash keys the file (see FileKey).
    List<HashedBytes> hashes = files.stream().map(HashedBytes::of).toList();
    String forceNonce = force ? Long.toString(System.currentTimeMillis(), 36) : null;
    PrintWriter out = spec.commandLine().getOut();
    Progress bar = progress.start("ingest " + table, 0, 1).files(files.size()).inPlace();
    long start = System.nanoTime();
    try (Floe floe = catalog.open();
        BufferAllocator allocator = new RootAllocator()) {
      if (create) {
        newTable.create(floe, table, fileFormat, files.get(0), true);
      }
      // The ref in the name (db.t@exp-1) is where the rows go, never main instead.
      ResolvedTable target = floe.tables().resolve(table);
      try (TableWriter writer =
          TableWriter.forTable(target).producerId(producer).format(fileFormat).build()) {
        try {
          for (int i = 0; i < files.size(); i++) {
            // Read per file: an earlier file of this run may have had the same bytes.
            CommittedBatches committed = writer.committed();
            FileKey key =
                FileKey.plan(
                    committed,
                    producer,
                    files.get(i),
                    hashes.get(i).sha256(),
                    batchRows,
                    forceNonce,
                    name -> NameKeys.committedAt(target.table(), name));
            FileIngest file = new FileIngest(writer, key, committed);
            file.run(hashes.get(i), inputFormat, csvDelimiter, batchRows, allocator, out, bar);
            rows += file.rows;
            batches += file.appended;
            duplicates += file.skipped();
          }
        } catch (RuntimeException e) {
          bar.abort();
          throw e;
        }
        bar.done();
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

  private char delimiter() {
    String text = "tab".equalsIgnoreCase(delimiter) || "\\t".equals(delimiter) ? "\t" : delimiter;
    if (text.length() != 1
        || text.charAt(0) == '"'
        || text.charAt(0) == '\n'
        || text.charAt(0) == '\r') {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              "Invalid --delimiter: '%s' (use one character other than a quote or a line break,"
                  + " or tab)",
              delimiter));
    }
    return text.charAt(0);
  }
}
