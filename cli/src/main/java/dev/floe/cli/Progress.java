package dev.floe.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long read on stderr: rows so far (of the expected total when known), tables and
 * files done, rows/s. At most one line per {@link #INTERVAL_NANOS}, plus a final line; never on
 * stdout, so data and JSON there stay clean. Off unless the user watches a terminal, {@code
 * --progress} forces it on and {@code --no-progress} off ({@link CliEnvironment#showProgress}).
 */
final class Progress {
  static final long INTERVAL_NANOS = 250_000_000L;
  private static final Progress OFF = new Progress(null, "", 0, 0, System::nanoTime);

  private final PrintWriter err;
  private final String what;
  private final long expectedRows;
  private final int parts;
  private final LongSupplier clock;
  private final long start;
  private long lastPrinted;
  private long rows;
  private int partsDone;
  private int filesDone;
  private int files;

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
   * Progress of reading {@code what}: {@code expectedRows} (0 when unknown) over {@code parts}
   * tables; silent unless {@code enabled} (see {@link CliEnvironment#showProgress}).
   */
  static Progress start(
      PrintWriter err, boolean enabled, String what, long expectedRows, int parts) {
    return enabled ? new Progress(err, what, expectedRows, parts, System::nanoTime) : OFF;
  }

  /** For tests: a clock to drive. */
  static Progress start(
      PrintWriter err, String what, long expectedRows, int parts, LongSupplier clock) {
    return new Progress(err, what, expectedRows, parts, clock);
  }

  /** Counts {@code moreRows} rows read; prints a line when the last one is old enough. */
  void rows(long moreRows) {
    rows += moreRows;
    if (err != null && clock.getAsLong() - lastPrinted >= INTERVAL_NANOS) {
      print("");
    }
  }

  /** File {@code file} (1-based) of {@code total} of the current table is being opened. */
  void file(int file, int total) {
    filesDone = file - 1;
    files = total;
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
    err.println(line.append(suffix));
    err.flush();
  }
}
