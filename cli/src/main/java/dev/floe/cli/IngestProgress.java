package dev.floe.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The progress line of {@code floe ingest} on stderr: files done, rows, rows per second. Redrawn in
 * place at most {@link #REDRAW_NANOS} apart, so a fast ingest does not spend its time printing;
 * each finished file leaves a line of its own. Silent when disabled.
 */
final class IngestProgress {
  /** At most four redraws a second: readable, and cheap. */
  static final long REDRAW_NANOS = 250_000_000L;

  private final PrintWriter err;
  private final boolean enabled;
  private final int files;
  private final long start = System.nanoTime();
  private long lastDraw = Long.MIN_VALUE;
  private int filesDone;
  private long rows;
  private long fileRows;
  private Path file;
  private int drawn; // characters of the line on screen, to blank what a shorter line leaves

  IngestProgress(PrintWriter err, boolean enabled, int files) {
    this.err = err;
    this.enabled = enabled;
    this.files = files;
  }

  void startFile(Path next) {
    this.file = next;
    this.fileRows = 0;
    draw(false);
  }

  /** {@code count} more rows of the current file read and appended. */
  void rows(long count) {
    rows += count;
    fileRows += count;
    draw(false);
  }

  /** Ends the current file: its total stays on a line of its own. */
  void endFile() {
    filesDone++;
    if (!enabled) {
      return;
    }
    clear();
    err.printf("%s: %s rows%n", file.getFileName(), Format.count(fileRows));
    err.flush(); // the next file, or finish, draws the line again
  }

  /** Draws the final totals and ends the progress line. */
  void finish() {
    if (enabled) {
      draw(true);
      err.println();
      err.flush();
    }
  }

  /** Removes the progress line, so an error message that follows starts a line of its own. */
  void abort() {
    if (enabled) {
      clear();
      err.flush();
    }
  }

  private void draw(boolean force) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (!force && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    double seconds = Math.max(1e-3, (now - start) / 1e9);
    String line =
        String.format(
            Locale.ROOT,
            "files %d/%d | %s rows | %s rows/s%s",
            filesDone,
            files,
            Format.count(rows),
            Format.count((long) (rows / seconds)),
            filesDone == files ? "" : " | " + file.getFileName());
    err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
    err.flush();
    drawn = line.length();
  }

  private void clear() {
    if (drawn > 0) {
      err.print("\r" + " ".repeat(drawn) + "\r");
      drawn = 0;
    }
  }
}
