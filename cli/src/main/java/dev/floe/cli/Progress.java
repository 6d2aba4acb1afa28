package dev.floe.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The one progress printer of the CLI, on stderr so data and JSON on stdout stay clean: rows so far
 * (of the expected total when known), tables and files done, rows/s, and the file being read. At
 * most one update per {@link #INTERVAL_NANOS}, so a fast command does not spend its time printing,
 * plus a final line. An update is a new line, or with {@link #inPlace()} the same line redrawn,
 * each finished file leaving a line of its own ({@code floe ingest}). Off unless the user watches a
 * terminal; {@code --progress} forces it on and {@code --no-progress} off ({@link
 * ProgressOptions}).
 */
final class Progress {
  /** At most four updates a second: readable, and cheap. */
  static final long INTERVAL_NANOS = 250_000_000L;

  private final PrintWriter err; // null: off
  private final String what;
  private final long expectedRows;
  private final int parts;
  private final LongSupplier clock;
  private final long start;
  private long lastPrinted;
  private boolean inPlace;
  private int
      drawn; // characters of the in-place line on screen, to blank what a shorter one leaves
  private long rows;
  private int partsDone;
  private int filesDone;
  private int files;
  private Path file;
  private long fileRows;

  private Progress(PrintWriter err, String what, long expectedRows, int parts, LongSupplier clock) {
    this.err = err;
    this.what = what;
    this.expectedRows = expectedRows;
    this.parts = parts;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastPrinted = start;
  }

  /**
   * Progress of {@code what}: {@code expectedRows} (0 when unknown) over {@code parts} tables;
   * silent unless {@code enabled} (see {@link CliEnvironment#showProgress}).
   */
  static Progress start(
      PrintWriter err, boolean enabled, String what, long expectedRows, int parts) {
    return new Progress(enabled ? err : null, what, expectedRows, parts, System::nanoTime);
  }

  /** For tests: a clock to drive. */
  static Progress start(
      PrintWriter err, String what, long expectedRows, int parts, LongSupplier clock) {
    return new Progress(err, what, expectedRows, parts, clock);
  }

  /** Redraws one line in place (from the first update on) instead of adding lines. */
  Progress inPlace() {
    inPlace = true;
    lastPrinted = start - INTERVAL_NANOS;
    return this;
  }

  /** The run reads {@code total} files, named by {@link #startFile} as it opens them. */
  Progress files(int total) {
    files = total;
    return this;
  }

  /** Counts {@code moreRows} rows read; prints an update when the last one is old enough. */
  void rows(long moreRows) {
    rows += moreRows;
    fileRows += moreRows;
    if (err != null && clock.getAsLong() - lastPrinted >= INTERVAL_NANOS) {
      print("");
    }
  }

  /** File {@code file} (1-based) of {@code total} of the current table is being opened. */
  void file(int file, int total) {
    filesDone = file - 1;
    files = total;
  }

  /** File {@code next} of those given to {@link #files} is being opened. */
  void startFile(Path next) {
    file = next;
    fileRows = 0;
    rows(0);
  }

  /** Ends the file of {@link #startFile}: its total stays on a line of its own. */
  void endFile() {
    filesDone++;
    if (err != null) {
      clear();
      err.printf("%s: %s rows%n", file.getFileName(), Format.count(fileRows));
      err.flush(); // the next file, or done, draws the line again
    }
  }

  /** One table of the read is done, with all its files. */
  void partDone() {
    partsDone++;
    filesDone = files;
  }

  /** Prints the final line. */
  void done() {
    if (err != null) {
      print(", done");
      if (inPlace) {
        err.println();
        err.flush();
      }
    }
  }

  /** Removes an in-place line, so an error message that follows starts a line of its own. */
  void abort() {
    if (err != null) {
      clear();
      err.flush();
    }
  }

  private void print(String suffix) {
    long now = clock.getAsLong();
    lastPrinted = now;
    double seconds = Math.max(now - start, 1) / 1e9;
    StringBuilder line = new StringBuilder(what).append(": ").append(Format.count(rows));
    if (expectedRows > 0) {
      line.append(" / ")
          .append(Format.count(expectedRows))
          .append(
              String.format(
                  Locale.ROOT, " rows (%.0f%%)", Math.min(100.0, 100.0 * rows / expectedRows)));
    } else {
      line.append(" rows");
    }
    if (parts > 1) {
      line.append(", ").append(partsDone).append('/').append(parts).append(" tables");
    }
    if (files > 0) {
      line.append(", ").append(filesDone).append('/').append(files).append(" files");
    }
    line.append(", ").append(Format.count((long) (rows / seconds))).append(" rows/s");
    if (file != null && filesDone < files) {
      line.append(", ").append(file.getFileName());
    }
    line.append(suffix);
    if (inPlace) {
      err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
      drawn = line.length();
    } else {
      err.println(line);
    }
    err.flush();
  }

  private void clear() {
    if (drawn > 0) {
      err.print("\r" + " ".repeat(drawn) + "\r");
      drawn = 0;
    }
  }
}
