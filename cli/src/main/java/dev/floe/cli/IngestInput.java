package dev.floe.cli;

import dev.floe.ingest.Batch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One input file of {@code floe ingest}, read a batch at a time so a file larger than memory
 * streams through: CSV and JSON lines ({@link IngestFileReader}), Parquet ({@link ParquetInput}),
 * Arrow IPC file and stream format ({@link ArrowInput}).
 */
interface IngestInput extends AutoCloseable {
  /** The formats {@code --input-format} takes. */
  String FORMATS = "csv, jsonl, parquet, arrow (IPC file), arrows (IPC stream)";

  /**
   * The next batch of at most {@code max} rows, as batch {@code sequence} of {@code producer}; null
   * at the end of the file.
   */
  Batch next(String producer, long sequence, int max);

  /**
   * Where row {@code index} of the last batch is in the file, for an error that names it: the line
   * of a text file, the row (from 0) of a binary one.
   */
  BadInputException at(int index, String what);

  @Override
  void close();

  /**
   * Opens {@code file} as {@code format}, or by its extension when {@code format} is null: {@code
   * .csv}, {@code .jsonl}/{@code .json}/{@code .ndjson}, {@code .parquet}, {@code .arrow}/{@code
   * .ipc}/{@code .feather} (IPC file or stream, told by the file's magic bytes), {@code .arrows}
   * (IPC stream). CSV values are split at {@code delimiter}. Arrow buffers come from {@code
   * allocator}, which the caller closes. Text files are read through {@code hashed} (see {@link
   * HashedBytes#open}); null reads the whole file as it is.
   */
  static IngestInput open(
      Path file, String format, char delimiter, BufferAllocator allocator, HashedBytes hashed) {
    String kind = format == null ? byExtension(file) : format.toLowerCase(Locale.ROOT);
    return switch (kind) {
      case "csv" -> new IngestFileReader(file, true, delimiter, hashed);
      case "jsonl", "json", "ndjson" -> new IngestFileReader(file, false, delimiter, hashed);
      case "parquet" -> new ParquetInput(file);
      case "arrow", "ipc", "feather" -> new ArrowInput(file, isArrowFile(file), allocator);
      case "arrows" -> new ArrowInput(file, false, allocator);
      default ->
          throw new BadInputException(
              file,
              format == null
                  ? "unknown file type (use .csv with a header row, .jsonl JSON lines, .parquet,"
                      + " .arrow or .arrows, or --input-format)"
                  : "unknown input format " + format + " (use " + FORMATS + ")");
    };
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
          && Arrays.equals(magic, "ARROW1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new BadInputException(file, "cannot read: " + e.getMessage());
    }
  }

  /** Malformed input: the file, where in it (line or row, when known) and what is wrong. */
  final class BadInputException extends RuntimeException {
    BadInputException(Path file, String what) {
      super(String.format("%s: %s", file, what));
    }

    /** At a 1-based line of a text file: {@code file:line: what}, as compilers say it. */
    static BadInputException atLine(Path file, long line, String what) {
      return new BadInputException(file + ":" + line + ": " + what);
    }

    /** At a row (from 0) of a binary file. */
    static BadInputException atRow(Path file, long row, String what) {
      return new BadInputException(file + ": row " + row + ": " + what);
    }

    private BadInputException(String message) {
      super(message);
    }
  }
}
