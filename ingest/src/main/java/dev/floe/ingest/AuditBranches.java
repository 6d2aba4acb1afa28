package dev.floe.ingest;

import dev.floe.catalog.Experiment;
import dev.floe.catalog.Floe;
import dev.floe.catalog.exceptions.NoSuchRefException;
import java.util.List;
import org.apache.iceberg.exceptions.ValidationException;

/** Which branches an {@link Audit} may stage on and drop: only the ones it made for its table. */
final class AuditBranches {
  private AuditBranches() {}

  /** What an audit branch of {@code table} says it is for. */
  static String purpose(String table) {
    return "write-audit-publish: staged writes to " + table;
  }

  /**
   * Refuses a branch {@link #stage()} did not make for this table. An experiment branch spans
   * tables: staging on it would publish its unmerged writes, and dropping it drops it from every
   * table it holds.
   */
  static void checkOwned(Floe floe, String table, String branch, String action) {
    Experiment found =
        floe.experiments()
            .find(branch)
            .orElseThrow(
                () -> new NoSuchRefException("No audit branch named '%s' on %s", branch, table));
    boolean ours =
        purpose(table).equals(found.purpose())
            && (floe.tables().nessieMode() || found.tables().equals(List.of(table)));
    if (!ours) {
      throw new ValidationException(
          "Cannot %s %s@%s: it is no audit branch of %s (an experiment branch of %s%s);"
              + " use a new audit branch, or floe branch drop/merge for an experiment",
          action,
          table,
          branch,
          table,
          found.tables(),
          found.purpose() == null || found.purpose().isBlank()
              ? ""
              : ", purpose '" + found.purpose() + "'");
    }
  }
}
