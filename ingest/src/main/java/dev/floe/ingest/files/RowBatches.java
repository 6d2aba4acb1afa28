package dev.floe.ingest.files;

import dev.floe.ingest.Batch;

/**
 * The rows of one input file, read a batch at a time so that a file larger than memory streams
 * through. Opened by {@link InputFiles#open}; the caller closes it (with try-with-resources), which
 * closes the file and any Arrow buffers it holds.
 *
 * <pre>{@code
 * try (RowBatches rows = InputFiles.open(path, InputOptions.defaults())) {
 *   for (long seq = 0; ; seq++) {
 *     Batch batch = rows.next(seq, 10_000);
 *     if (batch == null) break;
 *     writer.append(batch);
 *   }
 * }
 * }</pre>
 */
public interface RowBatches extends AutoCloseable {
  /**
   * The next batch of at most {@code maxRows} rows, as batch {@code sequence} of the writer's
   * producer ({@link Batch#forProducer} names another); null at the end of the file. With {@link
   * InputOptions#arrow()} it may hold Arrow buffers: the caller frees them once the batch is
   * appended ({@code ArrowInput.release}).
   *
   * @throws BadInputException when the file cannot be read or a row is malformed, naming the line
   *     of a text file or the row (from 0) of a binary one
   */
  Batch next(long sequence, int maxRows);

  /**
   * An error about row {@code index} of the last batch, naming where that row is in the file: the
   * line of a text file, the row (from 0) of a binary one. An index outside the batch names the
   * current position. Used to point a writer's rejection of a row at the file.
   */
  BadInputException at(int index, String what);

  /** Closes the file; reading nothing, it has nothing to lose, and does not throw. */
  @Override
  void close();
}
