package dev.floe.timetravel;

import dev.floe.catalog.exceptions.LockVerificationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The per-file content digests of one Arrow read, collected in file order as each file's last batch
 * is decoded; and, for a rehydration, the lock's digests they must equal. With expected digests the
 * read is gated: {@link ArrowBatches} hands out no batch before the digest unit holding its rows
 * (the file for {@code floe-digest/1}, a row group or stripe for {@code /2}) was accepted, so an
 * unverified batch never reaches the caller.
 */
final class FileDigests {
  private final List<String> paths;
  private final List<FileDigest> expected;
  private final boolean units;
  private final List<String> labels;
  private final List<FileDigest> read = new ArrayList<>();

  /**
   * @param paths the location of each file read, in read order
   * @param expected the digest each file must have, in the same order, or null to only collect
   * @param units whether the digests are of {@code floe-digest/2} (units), else {@code /1}
   */
  FileDigests(List<String> paths, List<FileDigest> expected, boolean units) {
    this(paths, expected, units, null);
  }

  /**
   * @param labels per file read, null or what it is when it is one digest unit of a data file
   *     ({@link UnitTasks}): a mismatch then names that unit's rows; null for none
   */
  FileDigests(List<String> paths, List<FileDigest> expected, boolean units, List<String> labels) {
    this.paths = List.copyOf(Objects.requireNonNull(paths, "paths"));
    this.expected = expected == null ? null : List.copyOf(expected);
    this.units = units;
    this.labels = labels == null ? null : Collections.unmodifiableList(new ArrayList<>(labels));
    if (this.expected != null && this.expected.size() != this.paths.size()) {
      throw new LockVerificationException(
          "the lock has content digests of %s data files, the snapshot read has %s",
          this.expected.size(), this.paths.size());
    }
  }

  /** Whether batches must wait for their unit's digest to be accepted. */
  boolean gated() {
    return expected != null;
  }

  /**
   * Whether the digests are of {@code floe-digest/2}: a gated read holds back a unit, not a file.
   */
  boolean units() {
    return units;
  }

  /**
   * A digester for file {@code index} (0-based) read by {@code batches}; when gated, it throws
   * {@link LockVerificationException} as soon as the file's units or one unit's rows are not the
   * lock's, before any batch of that unit is handed out.
   */
  FileDigester digester(int index, List<Field> fields, FileBatches batches) {
    String path = paths.get(index);
    long[] counts = units ? batches.unitRows() : null;
    if (expected == null) {
      return new FileDigester(path, fields, counts, (i, unit) -> {});
    }
    FileDigest want = expected.get(index);
    String where = where(index, paths.size());
    if (counts != null) {
      String layout = layoutProblem(want, counts);
      if (layout != null) {
        throw new LockVerificationException("%s (%s)", layout, where);
      }
    }
    return new FileDigester(
        path,
        fields,
        counts,
        (i, unit) -> {
          String problem = unitProblem(want, i, unit, where);
          if (problem != null) {
            throw new LockVerificationException("%s", problem);
          }
        });
  }

  static String where(int index, int files) {
    return String.format("file %s of %s", index + 1, files);
  }

  /**
   * Why a file whose units have {@code counts} physical rows cannot match {@code want}'s units, or
   * null: the lock pins the physical units, so a file rewritten with the same rows in other row
   * groups does not verify.
   */
  static String layoutProblem(FileDigest want, long[] counts) {
    List<FileDigest.Unit> pinned = want.units();
    long offset = 0;
    for (int i = 0; i < Math.max(pinned.size(), counts.length); i++) {
      FileDigest.Unit unit = i < pinned.size() ? pinned.get(i) : null;
      long count = i < counts.length ? counts[i] : -1;
      if (unit == null || count != unit.count()) {
        return String.format(
            "digest units differ in %s: the lock pins %s units (%s rows), the file has %s (%s"
                + " rows); unit %s is %s in the lock, %s in the file: the file's row groups or"
                + " stripes were rewritten (the lock pins the physical units, so the same rows"
                + " with other boundaries do not verify)",
            want.path(),
            pinned.size(),
            pinned.stream().mapToLong(FileDigest.Unit::count).sum(),
            counts.length,
            Arrays.stream(counts).sum(),
            i + 1,
            unit == null ? "missing" : unit.range(),
            count < 0 ? "missing" : "rows " + FileDigest.Unit.range(offset, count));
      }
      offset += count;
    }
    return null;
  }

  /**
   * Why unit {@code index} read as {@code got} is not {@code want}'s, or null; {@code where} says
   * which file of the read it is.
   */
  static String unitProblem(FileDigest want, int index, FileDigest.Unit got, String where) {
    FileDigest.Unit pinned = want.units().get(index);
    if (pinned.sameRows(got)) {
      return null;
    }
    return String.format(
        "content digest mismatch in %s of %s (unit %s of %s, %s): lock %s (%s rows), read %s (%s"
            + " rows)",
        pinned.range(),
        want.path(),
        index + 1,
        want.units().size(),
        where,
        pinned.digest(),
        pinned.rows(),
        got.digest(),
        got.rows());
  }

  /**
   * Records file {@code index}'s (0-based) digest; when gated, throws {@link
   * LockVerificationException} naming the file if it is not the lock's.
   */
  void finished(int index, FileDigest file) {
    if (expected != null) {
      FileDigest want = expected.get(index);
      if (!want.path().equals(file.path())) {
        throw new LockVerificationException(
            "data file %s of %s is %s, the lock's content digests list %s there",
            index + 1, paths.size(), file.path(), want.path());
      }
      String label = labels == null ? null : labels.get(index);
      if (label != null && (!want.digest().equals(file.digest()) || want.rows() != file.rows())) {
        throw new LockVerificationException(
            "content digest mismatch in %s: lock %s (%s rows), read %s (%s rows)",
            label, want.digest(), want.rows(), file.digest(), file.rows());
      }
      if (!want.digest().equals(file.digest()) || want.rows() != file.rows()) {
        throw new LockVerificationException(
            "content digest mismatch in data file %s (file %s of %s): lock %s (%s rows), read %s"
                + " (%s rows)",
            file.path(),
            index + 1,
            paths.size(),
            want.digest(),
            want.rows(),
            file.digest(),
            file.rows());
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
