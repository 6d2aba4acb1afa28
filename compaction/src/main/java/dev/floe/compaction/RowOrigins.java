package dev.floe.compaction;

import dev.floe.columnar.Contribution;
import dev.floe.columnar.Provenance;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.io.FileIO;

/**
 * The origin of each row read from one input file of a rewrite, from the file's {@link Provenance}
 * (read from its footer): rows are read in file order, {@link #next} is called as each is read, and
 * {@link #current} names the origin of the last row read. Delete filters are lazy (they pull one
 * row at a time and hand on the survivors as they find them), so when a surviving row reaches the
 * writer it is the last row read. The vectorised path asks {@link #at} for decoded positions
 * instead. Rows of a file without provenance, whose provenance has lost row positions, or counts
 * other rows than the file has, are {@link Contribution#unknown}: counted, never guessed.
 */
final class RowOrigins {
  private static final Contribution UNKNOWN = Contribution.unknown(0);
  private final Provenance.Cursor cursor;
  private final boolean countsOnly;
  private long position = -1;
  private Contribution current = UNKNOWN;

  private RowOrigins(Provenance.Cursor cursor, boolean countsOnly) {
    this.cursor = cursor;
    this.countsOnly = countsOnly;
  }

  /**
   * The origins of {@code file}'s rows. Provenance that cannot be parsed (another tool's value
   * under the key) makes its rows unknown: it must not stop maintenance, and {@code floe lineage}
   * names the file.
   */
  static RowOrigins of(FileIO io, DataFile file) {
    return of(provenance(io, file));
  }

  /**
   * The origins of {@code file}'s rows from {@code json}, the value under {@link Provenance#KEY} in
   * its metadata (null: none), for a caller that has read the footer already.
   */
  static RowOrigins of(DataFile file, String json, boolean copy) {
    Optional<Provenance> provenance = provenance(file, json);
    return copy ? ofCopy(provenance) : of(provenance);
  }

  private static RowOrigins of(Optional<Provenance> provenance) {
    return new RowOrigins(provenance.map(Provenance::cursor).orElse(null), false);
  }

  /**
   * The origins of {@code file}'s rows when every row is copied, in file order, into one file (as
   * tiering does): a file that kept counts only gives its contributions in turn, and {@link
   * #countsOnly} tells the writer's log to keep counts only too, so the copy keeps its counts.
   */
  static RowOrigins ofCopy(FileIO io, DataFile file) {
    return ofCopy(provenance(io, file));
  }

  private static RowOrigins ofCopy(Optional<Provenance> provenance) {
    if (provenance.isEmpty() || provenance.get().hasPositions()) {
      return new RowOrigins(provenance.map(Provenance::cursor).orElse(null), false);
    }
    List<Contribution> contributions = provenance.get().contributions();
    long[] runs = new long[2 * contributions.size()];
    for (int i = 0; i < contributions.size(); i++) {
      runs[2 * i] = i;
      runs[2 * i + 1] = contributions.get(i).rows();
    }
    return new RowOrigins(Provenance.of(contributions, runs).cursor(), true);
  }

  /** Whether the origins are the file's contributions in turn, not its rows' (see ofCopy). */
  boolean countsOnly() {
    return countsOnly;
  }

  /**
   * {@code file}'s provenance; empty when it has none, none that can be parsed, or one that counts
   * other rows than the file has (a file rewritten by another tool that kept the footer's key-value
   * metadata): wrong origins would be worse than none.
   */
  static Optional<Provenance> provenance(FileIO io, DataFile file) {
    try {
      return Provenance.read(io, file).filter(p -> p.rows() == file.recordCount());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<Provenance> provenance(DataFile file, String json) {
    if (json == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Provenance.fromJson(json, file.location()))
          .filter(p -> p.rows() == file.recordCount());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Another row of the file was read. */
  void next() {
    current = at(position + 1);
  }

  /**
   * The origin of the row at {@code position} (0-based, in file order); positions only increase
   * from one call to the next, skipped ones are passed over.
   */
  Contribution at(long position) {
    this.position = position;
    if (cursor == null) {
      return UNKNOWN;
    }
    Contribution origin = cursor.at(position);
    // One instance for unknown rows keeps the log's same-origin fast path.
    return origin.isKnown() ? origin : UNKNOWN;
  }

  /** The origin of the last row read. */
  Contribution current() {
    return current;
  }
}
