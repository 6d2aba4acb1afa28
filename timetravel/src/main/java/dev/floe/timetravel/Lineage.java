package dev.floe.timetravel;

import dev.floe.columnar.Contribution;
import java.util.List;
import java.util.Objects;

/**
 * Where the rows of a snapshot, or of each table of a lock file, came from: the producers, writer
 * runs, source files and batch sequences that made them, counted from the provenance each data file
 * carries in its footer ({@link dev.floe.columnar.Provenance}). Made by {@link TimeTravel#lineage}.
 *
 * <p>Counts are of whole data files, so per table they add up to the snapshot's data-file records
 * (a lock's {@link TrainingLock#records()}). Where that is not the number of rows read, or a file
 * cannot say where its rows came from, {@link Table#caveats()} says so and {@link Table#exact()} is
 * false: a count is never silently wrong.
 */
public record Lineage(List<Table> tables) {
  public Lineage {
    tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
  }

  /** Whether every table's counts are exactly the rows read. */
  public boolean exact() {
    return tables.stream().allMatch(Table::exact);
  }

  /**
   * One table's lineage.
   *
   * @param name the table as named in the lock (or asked for)
   * @param snapshotId the snapshot
   * @param records the data files' records, before delete files and any row filter
   * @param rowsRead the rows the lock reads (after deletes and its filter), or null when unknown
   * @param origins each producer, run and source once, with the span of its sequences and its rows
   *     in this snapshot; unknown rows ({@link Contribution#isKnown()} false) last
   * @param files each data file, in path order
   * @param caveats why the counts are not exactly the rows read; empty when they are
   */
  public record Table(
      String name,
      long snapshotId,
      long records,
      Long rowsRead,
      List<Contribution> origins,
      List<File> files,
      List<String> caveats) {
    public Table {
      Objects.requireNonNull(name, "name");
      origins = List.copyOf(origins);
      files = List.copyOf(files);
      caveats = List.copyOf(caveats);
    }

    /** Whether {@link #origins()} add up to exactly the rows read, each of a known origin. */
    public boolean exact() {
      return caveats.isEmpty();
    }

    /** The rows the origins count (always {@link #records()}). */
    public long countedRows() {
      return origins.stream().mapToLong(Contribution::rows).sum();
    }
  }

  /**
   * One data file.
   *
   * @param location the file
   * @param records its record count in table metadata
   * @param provenanceRows the rows its provenance counts; 0 when it has none
   * @param deleteFiles how many delete files apply to it (its rows read are fewer than counted)
   * @param contributions its provenance; one unknown contribution of all its records when it has
   *     none
   * @param flag null when the counts are exact; else {@code no-provenance}, {@code deletes}, {@code
   *     mismatch} (provenance and metadata disagree: the file was altered) or {@code
   *     invalid-provenance} (its provenance cannot be parsed; counted as unknown)
   */
  public record File(
      String location,
      long records,
      long provenanceRows,
      int deleteFiles,
      List<Contribution> contributions,
      String flag) {
    public File {
      Objects.requireNonNull(location, "location");
      contributions = List.copyOf(contributions);
    }
  }
}
