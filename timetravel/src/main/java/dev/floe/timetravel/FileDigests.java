package dev.floe.timetravel;

import dev.floe.catalog.exceptions.LockVerificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The per-file content digests of one Arrow read, collected in file order as each file's last batch
 * is decoded; and, for a rehydration, the lock's digests they must equal. With expected digests the
 * read is gated: {@link ArrowBatches} hands out no batch of a file before {@link #finished}
 * accepted that file, so an unverified batch never reaches the caller.
 */
final class FileDigests {
  private final List<String> paths;
  private final List<FileDigest> expected;
  private final List<FileDigest> read = new ArrayList<>();

  /**
   * @param paths the location of each file read, in read order
   * @param expected the digest each file must have, in the same order, or null to only collect
   */
  FileDigests(List<String> paths, List<FileDigest> expected) {
    this.paths = List.copyOf(Objects.requireNonNull(paths, "paths"));
    this.expected = expected == null ? null : List.copyOf(expected);
    if (this.expected != null && this.expected.size() != this.paths.size()) {
      throw new LockVerificationException(
          "the lock has content digests of %s data files, the snapshot read has %s",
          this.expected.size(), this.paths.size());
    }
  }

  /** Whether batches must wait for their file's digest to be accepted. */
  boolean gated() {
    return expected != null;
  }

  static FileDigester digester(List<Field> fields) {
    return new FileDigester(fields);
  }

  /**
   * Records file {@code index}'s (0-based) digest; when gated, throws {@link
   * LockVerificationException} naming the file if it is not the lock's.
   */
  void finished(int index, long rows, String digest) {
    FileDigest file = new FileDigest(paths.get(index), rows, digest);
    if (expected != null) {
      FileDigest want = expected.get(index);
      if (!want.path().equals(file.path())) {
        throw new LockVerificationException(
            "data file %s of %s is %s, the lock's content digests list %s there",
            index + 1, paths.size(), file.path(), want.path());
      }
      if (!want.digest().equals(digest) || want.rows() != rows) {
        throw new LockVerificationException(
            "content digest mismatch in data file %s (file %s of %s): lock %s (%s rows), read %s"
                + " (%s rows)",
            file.path(), index + 1, paths.size(), want.digest(), want.rows(), digest, rows);
      }
    }
    read.add(file);
  }

  List<FileDigest> digests() {
    return List.copyOf(read);
  }

  /** The root over the files read so far ({@link FileDigest#root}). */
  String root() {
    return FileDigest.root(read);
  }
}
