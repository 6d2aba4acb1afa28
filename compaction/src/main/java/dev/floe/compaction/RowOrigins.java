package dev.floe.compaction;

import dev.floe.columnar.Contribution;
import dev.floe.columnar.Provenance;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.io.FileIO;

/**
 * The origin of each row read from one input file of a rewrite, from the file's {@link Provenance}
 * (read from its footer): rows are read in file order, {@link #next} is called as each is read, and
 * {@link #current} names the origin of the last row read. Delete filters are lazy (they pull one
 * row at a time and hand on the survivors as they find them), so when a surviving row reaches the
 * writer it is the last row read. Rows of a file without provenance, or whose provenance has lost
 * row positions, are {@link Contribution#unknown}: counted, never guessed.
 */
final class RowOrigins {
  private static final Contribution UNKNOWN = Contribution.unknown(0);
  private final Provenance.Cursor cursor;
  private long position = -1;
  private Contribution current = UNKNOWN;

  private RowOrigins(Provenance.Cursor cursor) {
    this.cursor = cursor;
  }

  /**
   * The origins of {@code file}'s rows. Provenance that cannot be parsed (another tool's value
   * under the key) makes its rows unknown: it must not stop maintenance, and {@code floe lineage}
   * names the file.
   */
  static RowOrigins of(FileIO io, DataFile file) {
    return new RowOrigins(provenance(io, file).map(Provenance::cursor).orElse(null));
  }

  /** {@code file}'s provenance; empty when it has none or none that can be parsed. */
  static Optional<Provenance> provenance(FileIO io, DataFile file) {
    try {
      return Provenance.read(io, file);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Another row of the file was read. */
  void next() {
    position++;
    current = cursor == null ? UNKNOWN : cursor.at(position);
  }

  /** The origin of the last row read. */
  Contribution current() {
    return current;
  }
}
