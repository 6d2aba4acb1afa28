package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.ingest.ArrowInput;
import dev.floe.ingest.TableWriter;
import dev.floe.ingest.files.HashedBytes;
import dev.floe.ingest.files.InputFiles;
import dev.floe.ingest.files.InputOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.SortOrder;
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
          + " file, .arrows stream) files to TABLE, converting values by the table schema. Files"
          + " are read a batch at a time on this thread while the writer encodes and commits"
          + " earlier batches on others; batches share a snapshot (group commit) until"
          + " --commit-bytes or --commit-interval: one data file per partition per commit.",
      "Exactly once by content: a file is keyed by the SHA-256 of its bytes and a batch by its"
          + " rows, so the same bytes append nothing again, whatever the file is called or"
          + " --batch-rows says, a partly ingested file resumes after its committed rows, and new"
          + " bytes always append. --force appends the same bytes again. Two runs racing on the"
          + " same bytes never both append a row: the one whose batch overlaps rows the other"
          + " committed stops, and a re-run appends what is missing.",
      "Files are sorted by --sort-by ORDER (e.g. \"user_id, event_ts desc\"), else by the"
          + " table's sort order when it has one (--sort-by none: not at all): the writer sorts"
          + " all the rows of a commit in a partition together as it writes them (no extra"
          + " snapshot), and files carry the table's sort order id when ORDER is one of the"
          + " table's (with --create, --sort-by is also the new table's order)."
    })
final class IngestCommand implements Callable<Integer> {
  private static final int BATCH_ROWS = 100_000;
  // The default of the Floe versions that keyed files by name: how their batches are read.
  private static final int NAME_KEY_BATCH_ROWS = 10_000;

  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TABLE", description = "db.table or db.table@branch")
  String first;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "FILE", description = "Files to append.")
  List<String> rest = new ArrayList<>();

  @Option(names = "--table", hidden = true, description = "Deprecated: the table as --table.")
  String tableOption;

  @Option(
      names = "--producer",
      paramLabel = "ID",
      description = "Producer id prefix (default cli).")
  String producer = "cli";

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
      converter = PositiveConverter.ToInt.class,
      description =
          "Rows read and converted at a time (default 100000): what a bad row fails without"
              + " --dead-letter. Batches of any size share a commit.")
  Integer batchRows;

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
              + " file (Parquet or Arrow); --partition-by, --sort-by, --property as in table"
              + " create.")
  boolean create;

  @Mixin CommitOptions commits;
  @Mixin NewTableOptions newTable;
  @Mixin AuditOptions audit;

  @Mixin ProgressOptions progress;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    String table = tableOption != null ? tableOption : first;
    List<String> names = new ArrayList<>(rest);
    if (tableOption != null) {
      names.add(0, first); // the deprecated --table form: every positional is a file
    }
    if (names.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "Missing FILE: name the files to append");
    }
    audit.validate(spec, table);
    List<Path> files = names.stream().map(Path::of).toList();
    int rows = batchRows == null ? BATCH_ROWS : batchRows;
    char csvDelimiter = delimiter();
    if (!create && newTable.givenBesidesSort()) {
      throw newTable.usage("--schema, --schema-from, --partition-by, --property need --create");
    }
    FileFormat given = commits.given();
    commits.validate(spec);
    // Every file is read once up front: a missing or unreadable one stops the run before any
    // commit, and the hash keys the file (see FileKey).
    List<HashedBytes> hashes = files.stream().map(HashedBytes::of).toList();
    String forceNonce = force ? Long.toString(System.currentTimeMillis(), 36) : null;
    PrintWriter out = output.out();
    Progress bar = progress.start("ingest " + table, 0, 1).files(files.size()).inPlace();
    long start = System.nanoTime();
    try (Floe floe = catalog.open();
        BufferAllocator allocator = new RootAllocator()) {
      if (create) {
        newTable.create(
            floe, table, given == null ? FileFormat.PARQUET : given, files.get(0), true);
      }
      // The ref in the name (db.t@exp-1) is where the rows go, never main instead.
      ResolvedTable target = audit.target(floe, table);
      FileFormat fileFormat = given != null ? given : CommitOptions.formatOf(target.table());
      SortOrder order = usage(() -> IngestOrder.of(target.table(), newTable.sortBy));
      TableWriter.Builder builder = commits.writer(floe, target, producer, fileFormat, order);
      InputOptions options =
          InputOptions.defaults()
              .withFormat(inputFormat)
              .withDelimiter(csvDelimiter)
              .withAllocator(allocator);
      int nameRows = batchRows == null ? NAME_KEY_BATCH_ROWS : rows;
      AtomicReference<Throwable> firstError = new AtomicReference<>();
      List<FileIngest> ingests = new ArrayList<>();
      RuntimeException failure = null;
      TableWriter writer = builder.build();
      try (writer) {
        for (int i = 0; i < files.size(); i++) {
          FileKey key =
              FileKey.plan(
                  writer.committed(), // per file: an earlier file of this run had the same bytes?
                  producer,
                  files.get(i),
                  hashes.get(i).sha256(),
                  nameRows,
                  forceNonce,
                  name -> NameKeys.committedAt(target.table(), name));
          FileIngest file = new FileIngest(writer, key, firstError);
          ingests.add(file);
          var arrow = ArrowInput.forTable(target.table().schema(), target.table().properties());
          file.read(options.withArrowInput(arrow).verifiedBy(hashes.get(i)), rows, bar);
        }
      } catch (RuntimeException e) {
        failure = e; // the writer closed: it committed what it held
      }
      try {
        if (failure != null) {
          throw ingests.isEmpty() ? failure : ingests.get(ingests.size() - 1).stopped(failure);
        }
        for (FileIngest file : ingests) {
          file.report(out, !output.json);
        }
      } catch (RuntimeException e) {
        bar.abort();
        throw e;
      }
      bar.done();
      IngestSummary summary =
          IngestSummary.of(table, ingests, writer.metrics(), (System.nanoTime() - start) / 1e9);
      if (order.isSorted() && summary.snapshots() > 0) {
        summary = summary.sorted(IngestOrder.describe(target.table().schema(), order));
      }
      return summary.print(output, commits.deadLetter, audit.publish());
    }
  }

  /** A bad option value is a usage error (exit 2) naming it. */
  private <T> T usage(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
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
