package dev.floe.ingest.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.apache.iceberg.Schema;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * Input files as batches of rows for a {@link dev.floe.ingest.TableWriter}: CSV with a header row
 * and JSON lines ({@code TextRows}), Parquet ({@code ParquetRows}), Arrow IPC file and stream
 * format ({@code ArrowFileRows}). Values are converted to the table schema by the writer, as map
 * rows are; a bad row's error names its line or row in the file.
 */
public final class InputFiles {
  /** The formats {@link InputOptions#format()} takes. */
  public static final String FORMATS = "csv, jsonl, parquet, arrow (IPC file), arrows (IPC stream)";

  private InputFiles() {}

  /**
   * Opens {@code file} as {@code options.format()}, or by its extension when that is null: {@code
   * .csv}, {@code .jsonl}/{@code .json}/{@code .ndjson}, {@code .parquet}, {@code .arrow}/{@code
   * .ipc}/{@code .feather} (IPC file or stream, told by the file's magic bytes), {@code .arrows}
   * (IPC stream). The caller closes what this returns.
   *
   * @throws BadInputException when the file is missing, unreadable or of an unknown format
   */
  public static RowBatches open(Path file, InputOptions options) {
    Objects.requireNonNull(file, "file");
    String format = options.format();
    String kind = kind(file, options);
    return switch (kind) {
      case "csv" -> new TextRows(file, true, options.delimiter(), options.verify(), arrow(options));
      case "jsonl", "json", "ndjson" ->
          new TextRows(file, false, ',', options.verify(), arrow(options));
      case "parquet" -> new ParquetRows(file);
      case "arrow", "ipc", "feather" -> arrow(file, isArrowFile(file), options);
      case "arrows" -> arrow(file, false, options);
      default ->
          throw new BadInputException(
              file,
              format == null
                  ? "unknown file type (use .csv with a header row, .jsonl JSON lines, .parquet,"
                      + " .arrow or .arrows, or name the format: --input-format in floe ingest)"
                  : "unknown input format " + format + " (use " + FORMATS + ")");
    };
  }

  /**
   * The schema of {@code file}'s columns, for creating a table from it: a Parquet file's footer, an
   * Arrow IPC file or stream's schema message (read with {@code options.allocator()}). Field ids
   * are the file's or fresh ones; a catalog assigns its own when it creates the table.
   *
   * @throws BadInputException when the file is unreadable, or CSV or JSON lines, whose values do
   *     not say their types
   */
  public static Schema schemaOf(Path file, InputOptions options) {
    Objects.requireNonNull(file, "file");
    String kind = kind(file, options);
    return switch (kind) {
      case "parquet" -> ParquetFileSchema.of(file).schema();
      case "arrow", "ipc", "feather", "arrows" -> {
        try (RowBatches rows = open(file, options)) {
          yield ArrowFileSchema.of(file, ((ArrowFileRows) rows).arrowSchema());
        }
      }
      default ->
          throw new BadInputException(
              file,
              "cannot infer column types from "
                  + (kind.isEmpty() ? "a file without an extension" : kind)
                  + " input: only Parquet and Arrow files carry a schema (give one as a JSON"
                  + " schema file)");
    };
  }

  private static TextRows.Arrow arrow(InputOptions options) {
    return options.arrow() == null || options.allocator() == null
        ? null
        : new TextRows.Arrow(options.arrow(), options.allocator());
  }

  private static String kind(Path file, InputOptions options) {
    String format = options.format();
    return format == null ? byExtension(file) : format.toLowerCase(Locale.ROOT);
  }

  private static RowBatches arrow(Path file, boolean fileFormat, InputOptions options) {
    Preconditions.checkArgument(
        options.allocator() != null, "Cannot read Arrow input %s: no allocator given", file);
    return new ArrowFileRows(file, fileFormat, options.allocator(), options.arrow() != null);
  }

  private static String byExtension(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1);
  }

  /** The IPC file format starts with "ARROW1"; the stream format does not. */
  private static boolean isArrowFile(Path file) {
    byte[] magic = new byte[6];
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(magic, 0, 6) == 6
          && Arrays.equals(magic, "ARROW1".getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new BadInputException(file, "cannot read: " + e.getMessage());
    }
  }
}
