package dev.floe.cli;

import dev.floe.ingest.CommittedBatches;
import dev.floe.ingest.files.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.ToLongFunction;

/**
 * How {@code floe ingest} makes a file exactly-once: by its bytes, not its name. A file is the
 * producer {@code <prefix>:sha256:<hex of its bytes>:<batch rows>} and its batch {@code n} (at that
 * batch size) the sequence {@code n}. The batch size of the first ingest is part of the key and is
 * reused, so the same bytes append nothing whatever the file is called or {@code --batch-rows}
 * says, a partly ingested file resumes at the batch where it stopped, and other bytes (a new day's
 * file of the same name) always append.
 *
 * <p>Earlier Floe versions keyed a file by name ({@code <prefix>:<file name>}, batch index at the
 * batch size of that run). Those batches still count for a file of that name that was last modified
 * before they were committed, until other bytes have claimed the name: the content key records the
 * name it continues ({@code ...:<batch rows>:after:<name key>}), so re-runs keep skipping the same
 * batches. A file modified after them is new bytes and appends.
 *
 * @param producer the producer id to append this file's batches under
 * @param batchRows the batch size of the key (of the first ingest, when there was one)
 * @param legacy a name key whose batches count as this file's own, or null
 * @param forced whether {@code --force} gave the file a fresh key
 * @param forcedAgain whether {@code --force} appends bytes that were ingested before
 * @param note what to tell the user about the key before the file's report, or null
 */
record FileKey(
    Path file,
    String sha256,
    String producer,
    int batchRows,
    String legacy,
    boolean forced,
    boolean forcedAgain,
    String note) {
  private static final String AFTER = ":after:";

  /**
   * The key for {@code file} with content hash {@code sha256}, given what is committed: an earlier
   * ingest's key when there is one, else a new key at {@code batchRows}. With {@code forceNonce}
   * the key is a fresh one and nothing counts as committed. {@code nameKeyCommittedAt} tells when
   * batches of a name key were committed ({@link NameKeys#committedAt}).
   */
  static FileKey plan(
      CommittedBatches committed,
      String prefix,
      Path file,
      String sha256,
      int batchRows,
      String forceNonce,
      ToLongFunction<String> nameKeyCommittedAt) {
    String content = prefix + ":sha256:" + sha256 + ":";
    boolean earlier = false;
    for (String producer : committed.producers(content)) {
      String rest = producer.substring(content.length());
      int after = rest.indexOf(AFTER);
      Integer rows = positiveInt(after < 0 ? rest : rest.substring(0, after));
      if (rows != null) {
        if (forceNonce == null) {
          String legacy = after < 0 ? null : rest.substring(after + AFTER.length());
          return new FileKey(file, sha256, producer, rows, legacy, false, false, null);
        }
        earlier = true;
      }
    }
    if (forceNonce != null) {
      String forced = prefix + ":force-" + forceNonce + ":sha256:" + sha256 + ":" + batchRows;
      return new FileKey(file, sha256, forced, batchRows, null, true, earlier, null);
    }
    String legacy = prefix + ":" + file.getFileName();
    String fresh = content + batchRows;
    if (!committed.producers(legacy).contains(legacy) || claimed(committed, prefix, legacy)) {
      return new FileKey(file, sha256, fresh, batchRows, null, false, false, null);
    }
    if (modified(file) > nameKeyCommittedAt.applyAsLong(legacy)) {
      String note =
          String.format(
              "%s: an earlier Floe committed batches under the name key %s before this file was"
                  + " last modified: appending it as new bytes",
              file.getFileName(), legacy);
      return new FileKey(file, sha256, fresh, batchRows, null, false, false, note);
    }
    return new FileKey(file, sha256, fresh + AFTER + legacy, batchRows, legacy, false, false, null);
  }

  /** Whether other bytes already continued the name key {@code legacy}: then it is theirs. */
  private static boolean claimed(CommittedBatches committed, String prefix, String legacy) {
    return committed.producers(prefix + ":sha256:").stream()
        .anyMatch(p -> p.endsWith(AFTER + legacy));
  }

  /** Whether batch {@code sequence} of the file is committed, under its key or its name key. */
  boolean isCommitted(CommittedBatches committed, long sequence) {
    return committed.contains(producer, sequence)
        || (legacy != null && committed.contains(legacy, sequence));
  }

  /** Whether batch {@code sequence} is committed only under the name key of an earlier Floe. */
  boolean isLegacy(CommittedBatches committed, long sequence) {
    return legacy != null
        && committed.contains(legacy, sequence)
        && !committed.contains(producer, sequence);
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
