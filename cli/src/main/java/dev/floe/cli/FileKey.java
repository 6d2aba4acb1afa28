package dev.floe.cli;

import dev.floe.ingest.CommittedBatches;
import dev.floe.ingest.RowRanges;
import dev.floe.ingest.files.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/**
 * How {@code floe ingest} makes a file exactly-once: by its bytes and row offsets, not its name or
 * batch size. A file is the producer {@code <prefix>:sha256:<hex of its bytes>}, and a batch of its
 * rows {@code [start, start + count)} the sequence {@code start << 31 | count} ({@link #sequence}),
 * so the ledger says which rows of the file are committed: a re-run at any batch size cuts its
 * batches at those boundaries, skips the committed ones and appends the rest, never a row twice.
 *
 * <p>Keys of earlier versions still count: {@code <prefix>:sha256:<hex>:<batch rows>} (batch {@code
 * n} is rows {@code n * batch rows} on), and name keys {@code <prefix>:<file name>} (batch {@code
 * n} at the batch size of that run; for a file last modified before they were committed and until
 * other bytes have claimed the name). A file that continues a name key is written as {@code
 * <prefix>:sha256:<hex>:after:<batch rows>:<name key>}, so re-runs keep reading the same batches.
 *
 * @param producer the producer id to append this file's batches under
 * @param committed the rows of the file already committed, sorted, disjoint, not touching
 * @param forced whether {@code --force} gave the file a fresh key
 * @param forcedAgain whether {@code --force} appends bytes that were ingested before
 * @param note what to tell the user about an earlier Floe's keys before the file's report, or null
 */
record FileKey(
    Path file,
    String sha256,
    String producer,
    List<Rows> committed,
    boolean forced,
    boolean forcedAgain,
    String note) {
  private static final String AFTER = ":after:";

  /** Rows {@code [start, end)} of a file, from 0. */
  record Rows(long start, long end) {
    /** As people count: {@code 1-30}. */
    @Override
    public String toString() {
      return (start + 1) + (end - start > 1 ? "-" + end : "");
    }
  }

  FileKey {
    committed = List.copyOf(committed);
  }

  /** The batch sequence of rows {@code [start, start + count)}. */
  static long sequence(long start, int count) {
    Preconditions.checkArgument(
        start + count <= RowRanges.MAX_ROWS,
        "Cannot ingest more than %s rows of one file",
        RowRanges.MAX_ROWS);
    return RowRanges.sequence(start, count);
  }

  /**
   * The key for {@code file} with content hash {@code sha256}, given what is committed. With {@code
   * forceNonce} the key is a fresh one and nothing counts as committed. {@code nameRows} is the
   * batch size name keys are read at; {@code nameKeyCommittedAt} tells when batches of a name key
   * were committed ({@link NameKeys#committedAt}).
   */
  static FileKey plan(
      CommittedBatches committed,
      String prefix,
      Path file,
      String sha256,
      int nameRows,
      String forceNonce,
      ToLongFunction<String> nameKeyCommittedAt) {
    String content = prefix + ":sha256:" + sha256;
    List<String> earlier = committed.producers(content);
    if (forceNonce != null) {
      String forced = prefix + ":force-" + forceNonce + ":sha256:" + sha256;
      return new FileKey(file, sha256, forced, List.of(), true, !earlier.isEmpty(), null);
    }
    List<Rows> rows = new ArrayList<>();
    String writeAs = content;
    String note = null;
    for (String producer : earlier) {
      String rest = producer.substring(content.length());
      if (rest.isEmpty() || rest.startsWith(AFTER)) {
        writeAs = producer; // this version's key: keep writing under it
        addRows(rows, committed, producer);
        rest = rest.isEmpty() ? "" : rest.substring(AFTER.length());
      } else if (rest.startsWith(":")) {
        // <batch rows>[:after:<name key>] of an earlier version: batch n at that size
        String[] parts = rest.substring(1).split(AFTER, 2);
        Integer batchRows = positiveInt(parts[0]);
        if (batchRows == null) {
          continue; // not a key Floe wrote
        }
        addBatches(rows, committed, producer, batchRows);
        rest = parts.length == 2 ? batchRows + ":" + parts[1] : "";
      }
      int colon = rest.indexOf(':');
      Integer legacyRows = colon < 0 ? null : positiveInt(rest.substring(0, colon));
      if (legacyRows != null) {
        note = legacyNote(file, committed, rest.substring(colon + 1), legacyRows, rows);
      }
    }
    if (!earlier.isEmpty()) {
      return new FileKey(file, sha256, writeAs, merge(rows), false, false, note);
    }
    String legacy = prefix + ":" + file.getFileName();
    if (!committed.producers(legacy).contains(legacy) || claimed(committed, prefix, legacy)) {
      return new FileKey(file, sha256, content, List.of(), false, false, null);
    }
    if (modified(file) > nameKeyCommittedAt.applyAsLong(legacy)) {
      note =
          String.format(
              "%s: an earlier Floe committed batches under the name key %s before this file was"
                  + " last modified: appending it as new bytes",
              file.getFileName(), legacy);
      return new FileKey(file, sha256, content, List.of(), false, false, note);
    }
    note = legacyNote(file, committed, legacy, nameRows, rows);
    String continuing = content + AFTER + nameRows + ":" + legacy;
    return new FileKey(file, sha256, continuing, merge(rows), false, false, note);
  }

  /** Adds the name key's batches at {@code batchRows} and says which they were. */
  private static String legacyNote(
      Path file, CommittedBatches committed, String legacy, int batchRows, List<Rows> rows) {
    List<Rows> batches = new ArrayList<>();
    addBatches(batches, committed, legacy, batchRows);
    rows.addAll(batches);
    List<Long> indexes = batches.stream().map(b -> b.start() / batchRows).toList();
    return String.format(
        "%s: batches %s (at %s rows a batch) were committed by an earlier Floe under the name key"
            + " %s, skipped (--force appends the whole file)",
        file.getFileName(), FileIngest.ranges(indexes), Format.count(batchRows), legacy);
  }

  /** Whether other bytes already continued the name key {@code legacy}: then it is theirs. */
  private static boolean claimed(CommittedBatches committed, String prefix, String legacy) {
    return committed.producers(prefix + ":sha256:").stream()
        .anyMatch(p -> p.contains(AFTER) && p.endsWith(":" + legacy));
  }

  private static void addRows(List<Rows> rows, CommittedBatches committed, String producer) {
    for (long s = committed.ceiling(producer, 0); s >= 0; s = committed.ceiling(producer, s + 1)) {
      rows.add(new Rows(RowRanges.start(s), RowRanges.end(s)));
    }
  }

  private static void addBatches(
      List<Rows> rows, CommittedBatches committed, String producer, int batchRows) {
    for (long s = committed.ceiling(producer, 0); s >= 0; s = committed.ceiling(producer, s + 1)) {
      rows.add(new Rows(s * batchRows, (s + 1) * batchRows));
    }
  }

  private static List<Rows> merge(List<Rows> rows) {
    List<Rows> sorted = rows.stream().sorted(Comparator.comparingLong(Rows::start)).toList();
    List<Rows> merged = new ArrayList<>();
    for (Rows next : sorted) {
      Rows last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && next.start() <= last.end()) {
        merged.set(merged.size() - 1, new Rows(last.start(), Math.max(last.end(), next.end())));
      } else {
        merged.add(next);
      }
    }
    return merged;
  }

  /** Whether row {@code row} is committed. */
  boolean isCommitted(long row) {
    return committed.stream().anyMatch(r -> r.start() <= row && row < r.end());
  }

  /**
   * The most rows from {@code row} on that are all committed or all not, up to {@code batchRows}: a
   * batch never straddles a committed boundary.
   */
  int rowsFrom(long row, int batchRows) {
    long limit = row + batchRows;
    for (Rows r : committed) {
      if (r.start() > row) {
        limit = Math.min(limit, r.start());
      } else if (r.end() > row) {
        limit = Math.min(limit, r.end());
      }
    }
    return (int) (limit - row);
  }

  /** The first 8 hex digits, enough to tell files apart in a message. */
  String shortSha() {
    return sha256.substring(0, 8) + "…";
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new BadInputException(file, "cannot read: " + e.getMessage());
    }
  }

  private static Integer positiveInt(String text) {
    try {
      int value = Integer.parseInt(text);
      return value > 0 ? value : null;
    } catch (NumberFormatException e) {
      return null; // not a key this version wrote
    }
  }
}
