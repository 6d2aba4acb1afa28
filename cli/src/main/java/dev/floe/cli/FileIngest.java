package dev.floe.cli;

import dev.floe.catalog.exceptions.SchemaEvolutionException;
import dev.floe.ingest.AppendResult;
import dev.floe.ingest.Batch;
import dev.floe.ingest.CommittedBatches;
import dev.floe.ingest.TableWriter;
import dev.floe.ingest.files.HashedBytes;
import dev.floe.ingest.files.InputFiles;
import dev.floe.ingest.files.InputOptions;
import dev.floe.ingest.files.RowBatches;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One file of {@code floe ingest}: its batches appended under its {@link FileKey}, the batches
 * committed before skipped without converting them, and one line saying what happened. When the
 * file stops part-way (a bad row), the error says which of its batches are committed and that a
 * re-run of the same file resumes after them.
 */
final class FileIngest {
  private static final Pattern ROW = Pattern.compile("row (\\d+) ");
  private static final Pattern PREFIX =
      Pattern.compile("^Cannot append batch \\d+ of producer .+?: ");

  private final TableWriter writer;
  private final FileKey key;
  private final CommittedBatches known;
  private final List<Long> committed = new ArrayList<>(); // batches of the file now on the branch
  private final List<Long> legacy = new ArrayList<>(); // of those, under the name key
  private final List<Long> before = new ArrayList<>(); // of those, committed before this run
  long rows; // appended by this run
  long appended; // batches appended by this run
  long committedRows; // rows of the committed batches, for the message of a stop part-way

  /** {@code known} is what the branch had committed when {@code key} was planned. */
  FileIngest(TableWriter writer, FileKey key, CommittedBatches known) {
    this.writer = writer;
    this.key = key;
    this.known = known;
  }

  /** Reads and appends the file; reports to {@code out} and {@code bar}. */
  void run(
      HashedBytes hashed,
      String inputFormat,
      char delimiter,
      int requestedBatchRows,
      BufferAllocator allocator,
      PrintWriter out,
      Progress bar) {
    bar.startFile(key.file());
    InputOptions options =
        InputOptions.defaults()
            .withFormat(inputFormat)
            .withDelimiter(delimiter)
            .withAllocator(allocator)
            .verifiedBy(hashed);
    try (RowBatches input = InputFiles.open(key.file(), options)) {
      for (long seq = 0; ; seq++) {
        Batch batch = input.next(seq, key.batchRows());
        if (batch == null) {
          break;
        }
        batch = batch.forProducer(key.producer());
        if (key.isCommitted(known, seq)) {
          (key.isLegacy(known, seq) ? legacy : before).add(seq);
        } else {
          AppendResult result = append(input, batch);
          if (result.duplicate()) {
            before.add(seq); // committed meanwhile by another run of the same bytes
          }
          appended += result.duplicate() ? 0 : 1;
          rows += result.rows();
        }
        committed.add(seq);
        committedRows += batch.size();
        bar.rows(batch.size());
      }
    } catch (RuntimeException e) {
      if (committed.isEmpty()) {
        throw e;
      }
      throw new IllegalStateException(
          String.format(
              "%s; batches %s of %s were committed before it stopped (%s rows): %s",
              FloeCli.oneLine(e),
              ranges(committed),
              key.file().getFileName(),
              Format.count(committedRows),
              key.forced()
                  ? "re-running with --force appends the whole file again"
                  : "re-running the same file resumes at batch "
                      + (committed.get(committed.size() - 1) + 1)),
          e);
    }
    bar.endFile();
    report(out, requestedBatchRows);
  }

  /** Batches that were on the branch before this run. */
  long skipped() {
    return legacy.size() + before.size();
  }

  private void report(PrintWriter out, int requestedBatchRows) {
    String name = key.file().getFileName().toString();
    if (key.note() != null) {
      out.println(key.note());
    }
    if (!legacy.isEmpty()) {
      out.printf(
          "%s: batches %s (at %s rows a batch) were committed by an earlier Floe under the name"
              + " key %s, skipped (--force appends the whole file)%n",
          name, ranges(legacy), Format.count(key.batchRows()), key.legacy());
    }
    if (appended == 0 && !before.isEmpty()) {
      out.printf(
          "%s: already ingested (same bytes as an earlier ingest, sha256 %s), nothing appended;"
              + " --force to append again%n",
          name, key.shortSha());
      return;
    }
    if (appended == 0) {
      out.printf("%s: %s%n", name, legacy.isEmpty() ? "no rows" : "nothing appended");
      return;
    }
    if (!before.isEmpty()) {
      if (key.batchRows() != requestedBatchRows) {
        out.printf(
            "resuming %s at the batch size of its first ingest, %s rows%n",
            name, Format.count(key.batchRows()));
      }
      out.printf(
          "%s: batches %s were committed by an earlier ingest of the same bytes (sha256 %s)%n",
          name, ranges(before), key.shortSha());
    }
    out.printf(
        "%s: %s rows in %d batch%s appended%s%n",
        name,
        Format.count(rows),
        appended,
        appended == 1 ? "" : "es",
        key.forcedAgain() ? " again (--force: the same bytes were ingested before)" : "");
  }

  private AppendResult append(RowBatches input, Batch batch) {
    try {
      return writer.append(batch);
    } catch (SchemaEvolutionException e) {
      // Point at the line or row of the file, not the row of the batch.
      String what = PREFIX.matcher(e.getMessage()).replaceFirst("");
      Matcher row = ROW.matcher(what);
      if (!row.lookingAt()) {
        throw input.at(-1, what);
      }
      throw input.at(Integer.parseInt(row.group(1)), what.substring(row.end()));
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
