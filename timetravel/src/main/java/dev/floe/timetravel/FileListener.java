package dev.floe.timetravel;

/**
 * Told as an Arrow read moves from data file to data file, e.g. to show progress of a long read.
 * Called on the reading thread, before the file's first batch; keep it cheap.
 */
@FunctionalInterface
public interface FileListener {
  /** File {@code file} (1-based) of {@code files} is being opened. */
  void opened(int file, int files);
}
