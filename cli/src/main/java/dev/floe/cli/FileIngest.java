package dev.floe.cli;

import dev.floe.catalog.exceptions.SchemaEvolutionException;
import dev.floe.ingest.AppendResult;
import dev.floe.ingest.ArrowInput;
import dev.floe.ingest.Batch;
import dev.floe.ingest.TableWriter;
import dev.floe.ingest.files.InputOptions;
import dev.floe.ingest.files.RowBatches;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file of {@code floe ingest}: read on the calling thread a batch at a time and handed to the
 * writer without waiting for its commit ({@link TableWriter#appendAsync}), so the writer encodes
 * and commits earlier batches meanwhile; batches committed before are skipped without converting
 * them. {@link #report} says what happened once the writer has closed (committed what it held);
 * when the file stopped part-way, {@link #stopped} says which of its batches are committed.
 */
final class FileIngest {
  private static final Pattern ROW = Pattern.compile("row (\\d+) ");
  private static final Pattern PREFIX =
      Pattern.compile("^Cannot append batch \\d+ of producer .+?: ");

  /** A batch of the file: its index in this run, rows, and its commit (null: committed before). */
  private record Sent(long index, FileKey.Rows rows, CompletableFuture<AppendResult> commit) {}

  private final TableWriter writer;
  private final FileKey key;
  private final AtomicReference<Throwable> firstError; // of the whole run: stops the reading
  private final List<Sent> batches = new ArrayList<>();
  long rows; // appended, known after report()
  long appended; // batches appended
  long skipped; // batches committed before
  long deadLettered;
  // The snapshots that committed its batches, known after report().
  final List<Long> snapshots = new ArrayList<>();

  FileIngest(TableWriter writer, FileKey key, AtomicReference<Throwable> firstError) {
    this.writer = writer;
    this.key = key;
    this.firstError = firstError;
  }

  /** Reads the file and hands its batches to the writer; throws the run's first error. */
  void read(InputOptions options, int batchRows, Progress bar) {
    bar.startFile(key.file());
    try (ReadAhead input = new ReadAhead(key, options, batchRows)) {
      long row = 0;
      for (long index = 0; ; index++) {
        Throwable failed = firstError.get();
        if (failed != null) {
          throw failed instanceof RuntimeException e ? e : new IllegalStateException(failed);
        }
        Batch read = input.next();
        if (read == null) {
          break;
        }
        FileKey.Rows span = new FileKey.Rows(row, row + read.size());
        CompletableFuture<AppendResult> commit = null;
        if (!key.isCommitted(row)) {
          long sequence = FileKey.sequence(row, read.size());
          Batch batch =
              new Batch(key.producer(), sequence, read.schema(), read.records(), read.rows())
                  .fromSource(key.file().getFileName().toString());
          try {
            commit = writer.appendAsync(batch); // converts or copies the rows on this thread
            Throwable now = commit.handle((r, e) -> e).getNow(null);
            if (now != null) {
              throw unwrap(now);
            }
          } catch (RuntimeException e) {
            throw pointAt(options, batchRows, index, e);
          } finally {
            ArrowInput.release(read); // the writer holds its own copy once appendAsync returns
          }
          commit.whenComplete(
              (r, e) -> {
                if (e != null) {
                  firstError.compareAndSet(null, e);
                }
              });
        }
        if (commit == null) {
          ArrowInput.release(read); // committed before: not appended
        }
        batches.add(new Sent(index, span, commit));
        row += read.size();
        bar.rows(read.size());
      }
    }
    bar.endFile();
  }

  /**
   * {@code error} (which stopped the run in this file) with which batches of the file are
   * committed; call once the writer is closed.
   */
  RuntimeException stopped(RuntimeException error) {
    List<Long> committed = new ArrayList<>();
    long committedRows = 0;
    for (Sent sent : batches) {
      if (sent.commit() == null || !sent.commit().isCompletedExceptionally()) {
        committed.add(sent.index());
        committedRows += sent.rows().end() - sent.rows().start();
      }
    }
    if (committed.isEmpty()) {
      return error;
    }
    return new IllegalStateException(
        String.format(
            "%s; batches %s of %s were committed before it stopped (%s rows): %s",
            FloeCli.oneLine(error),
            ranges(committed),
            key.file().getFileName(),
            Format.count(committedRows),
            key.forced()
                ? "re-running with --force appends the whole file again"
                : "re-running the same file resumes at batch "
                    + (committed.get(committed.size() - 1) + 1)),
        error);
  }

  /** Counts what was committed and says so; throws the error of a batch that failed. */
  void report(PrintWriter out, boolean print) {
    List<FileKey.Rows> before = new ArrayList<>();
    for (Sent sent : batches) {
      if (sent.commit() == null) {
        skippedRows(before, sent.rows());
        skipped++;
        continue;
      }
      AppendResult result;
      try {
        result = sent.commit().join();
      } catch (CompletionException e) {
        throw stopped(unwrap(e));
      }
      if (result.duplicate()) {
        skippedRows(before, sent.rows()); // committed meanwhile by another run of the same bytes
        skipped++;
      } else {
        appended++;
        rows += result.rows();
        if (result.snapshotId() != null && !snapshots.contains(result.snapshotId())) {
          snapshots.add(result.snapshotId());
        }
        deadLettered += result.deadLettered();
      }
    }
    if (print) {
      print(out, before);
    }
  }

  /** Adds {@code rows} to {@code before}, joined to the last rows when they touch. */
  private static void skippedRows(List<FileKey.Rows> before, FileKey.Rows rows) {
    int last = before.size() - 1;
    if (last >= 0 && before.get(last).end() == rows.start()) {
      before.set(last, new FileKey.Rows(before.get(last).start(), rows.end()));
    } else {
      before.add(rows);
    }
  }

  private void print(PrintWriter out, List<FileKey.Rows> before) {
    String name = key.file().getFileName().toString();
    if (key.note() != null) {
      out.println(key.note());
    }
    if (appended == 0) {
      out.println(
          before.isEmpty()
              ? name + ": no rows"
              : String.format(
                  "%s: already ingested (same bytes as an earlier ingest, sha256 %s), nothing"
                      + " appended; --force to append again",
                  name, key.shortSha()));
      return;
    }
    if (!before.isEmpty()) {
      out.printf(
          "%s: rows %s were committed by an earlier ingest of the same bytes (sha256 %s),"
              + " skipped%n",
          name,
          String.join(",", before.stream().map(FileKey.Rows::toString).toList()),
          key.shortSha());
    }
    out.printf(
        "%s: %s rows in %d batch%s appended%s%s%n",
        name,
        Format.count(rows),
        appended,
        appended == 1 ? "" : "es",
        key.forcedAgain() ? " again (--force: the same bytes were ingested before)" : "",
        deadLettered == 0 ? "" : ", " + Format.count(deadLettered) + " rows to the dead letters");
  }

  private static RuntimeException unwrap(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof RuntimeException e ? e : new IllegalStateException(cause);
  }

  /** Points a rejected row of batch {@code index} at its line or row of the file. */
  private RuntimeException pointAt(
      InputOptions options, int batchRows, long index, RuntimeException error) {
    if (!(error instanceof SchemaEvolutionException)) {
      return error;
    }
    String what = PREFIX.matcher(error.getMessage()).replaceFirst("");
    Matcher row = ROW.matcher(what);
    try (RowBatches input = ReadAhead.reopenAt(key, options, batchRows, index)) {
      if (!row.lookingAt()) {
        return input.at(-1, what);
      }
      return input.at(Integer.parseInt(row.group(1)), what.substring(row.end()));
    }
  }

  /** {@code 0-3,5}: sorted batch indexes as ranges. */
  static String ranges(List<Long> sequences) {
    List<Long> sorted = sequences.stream().sorted().toList();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < sorted.size(); i++) {
      long lo = sorted.get(i);
      while (i + 1 < sorted.size() && sorted.get(i + 1) == sorted.get(i) + 1) {
        i++;
      }
      text.append(text.length() == 0 ? "" : ",").append(lo);
      if (sorted.get(i) != lo) {
        text.append('-').append(sorted.get(i));
      }
    }
    return text.toString();
  }
}
