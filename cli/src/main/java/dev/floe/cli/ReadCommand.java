package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.timetravel.ArrowBatches;
import dev.floe.timetravel.Reader;
import dev.floe.timetravel.TimeTravel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
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
    description =
        "Print rows of a table as of a branch, tag, snapshot, time or Nessie commit"
            + " (tab-separated), or write them to an Arrow IPC file with --out.")
final class ReadCommand implements Runnable {
  private static final long DEFAULT_LIMIT = 20;

  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "TABLE",
      description =
          "db.table, db.table@branch or db.table@tag; in nessie mode also db.table@branch#hash or"
              + " db.table#hash (a Nessie commit, full hash or at least 8 hex digits of it).")
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

  @Mixin RowOptions selection;

  @Option(
      names = "--limit",
      paramLabel = "N",
      converter = PositiveConverter.ToLong.class,
      description = "Rows (default 20 printed; with --out all).")
  Long limit;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "Write the rows to this Arrow IPC file instead of printing them (see --arrow-format);"
              + " --progress then shows how far it got.")
  Path outFile;

  @Option(
      names = "--arrow-format",
      paramLabel = "FORMAT",
      description =
          "With --out: the "
              + ArrowFormat.DESCRIPTION
              + "; default stream for a FILE named *.arrows, else file.")
  ArrowFormat arrowFormat;

  @Mixin ProgressOptions progress;

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
    try (Floe floe = catalog.openExisting()) {
      Reader reader = TimeTravel.read(floe, table);
      if (snapshot != null) {
        reader.snapshot(snapshot);
      }
      if (asOf != null) {
        reader.asOf(instant(asOf));
      }
      if (selection.columns != null) {
        reader.select(selection.columns());
      }
      if (selection.filter != null) {
        reader.filter(selection.filter());
      }
      if (outFile != null) {
        long rows = export(reader, limit == null ? Long.MAX_VALUE : limit);
        out.printf(
            "Wrote %s rows of %s snapshot %d to %s%n",
            Format.count(rows), table, reader.snapshotId(), outFile);
        return;
      }
      long max = limit == null ? DEFAULT_LIMIT : limit;
      long printed = 0;
      try (CloseableIterable<Record> rows = reader.records()) {
        int[] order = null;
        for (Record row : rows) {
          if (order == null) {
            order = order(row.struct().fields());
            List<Types.NestedField> fields = row.struct().fields();
            out.println(
                Arrays.stream(order)
                    .mapToObj(i -> fields.get(i).name())
                    .collect(Collectors.joining("\t")));
          }
          if (printed++ >= max) {
            break;
          }
          StringBuilder line = new StringBuilder();
          for (int i = 0; i < order.length; i++) {
            line.append(i == 0 ? "" : "\t").append(row.get(order[i]));
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
              Format.count(Math.min(printed, max)), reader.snapshotId());
    }
  }

  /**
   * The printed columns' positions: in the order --columns asked for them (the reader projects in
   * table order), a nested {@code a.b} at its top-level column {@code a}.
   */
  private int[] order(List<Types.NestedField> fields) {
    return orderOf(fields.stream().map(Types.NestedField::name).toList());
  }

  private int[] orderOf(List<String> names) {
    if (selection.columns == null) {
      return IntStream.range(0, names.size()).toArray();
    }
    return selection.columns.stream()
        .map(c -> c.contains(".") ? c.substring(0, c.indexOf('.')) : c)
        .mapToInt(names::indexOf)
        .filter(i -> i >= 0)
        .distinct()
        .toArray();
  }

  /** The root's vectors in the order --columns asked for them. */
  private VectorSchemaRoot inAskedOrder(VectorSchemaRoot root) {
    List<FieldVector> vectors = root.getFieldVectors();
    List<String> names = vectors.stream().map(FieldVector::getName).toList();
    return new VectorSchemaRoot(Arrays.stream(orderOf(names)).mapToObj(vectors::get).toList());
  }

  private long export(Reader reader, long max) {
    Progress shown = progress.start("read " + table, 0, 1);
    long rows = 0;
    ArrowFormat written = arrowFormat != null ? arrowFormat : ArrowFormat.of(outFile);
    try {
      Path parent = outFile.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      try (BufferAllocator allocator = new RootAllocator();
          ArrowBatches batches =
              reader.contentDigest(false).onFileOpened(shown::file).arrow(allocator);
          FileChannel channel =
              FileChannel.open(
                  outFile,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.TRUNCATE_EXISTING,
                  StandardOpenOption.WRITE)) {
        ArrowWriter writer = null;
        VectorSchemaRoot out = null;
        for (VectorSchemaRoot root : batches) {
          if (rows >= max) {
            break;
          }
          if (writer == null) {
            // ArrowBatches reuses one root, so one writer bound to a view of its vectors (in the
            // --columns order) sees every batch. The view shares the vectors: it is not closed.
            out = inAskedOrder(root);
            writer = written.writer(out, channel);
            writer.start();
          }
          if (rows + root.getRowCount() > max) {
            root.setRowCount((int) (max - rows));
          }
          out.setRowCount(root.getRowCount());
          writer.writeBatch();
          rows += root.getRowCount();
          shown.rows(root.getRowCount());
        }
        if (writer == null) {
          // No rows: still a valid file that carries the schema.
          Schema schema = batches.schema();
          List<Field> fields = schema.getFields();
          List<String> names = fields.stream().map(Field::getName).toList();
          Schema ordered = new Schema(Arrays.stream(orderOf(names)).mapToObj(fields::get).toList());
          try (VectorSchemaRoot empty = VectorSchemaRoot.create(ordered, allocator);
              ArrowWriter schemaOnly = written.writer(empty, channel)) {
            schemaOnly.start();
            schemaOnly.end();
          }
        } else {
          writer.end();
          writer.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + outFile + ": " + e.getMessage(), e);
    }
    shown.partDone();
    shown.done();
    return rows;
  }
}
