package dev.floe.ingest;

import dev.floe.catalog.ResolvedTable;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.relocated.com.google.common.base.Preconditions;

/** The checks that a {@link TableWriter} writes to a branch, never to a read-only ref. */
final class Branches {
  private Branches() {}

  /** Throws for a tag or a Nessie commit, which are read-only. */
  static void checkWritable(ResolvedTable resolved) {
    Preconditions.checkArgument(
        !resolved.isTag(),
        "Cannot write to %s: %s is read-only; write to a branch (e.g. %s@<branch>)",
        resolved,
        resolved.name().hasHash()
            ? "a Nessie commit"
            : "'" + resolved.name().ref() + "' is a tag, which",
        resolved.name().identifier());
  }

  /** Throws if {@code branch} of {@code table} is a tag; a branch not there yet is fine. */
  static void checkBranch(Table table, String branch) {
    SnapshotRef ref = table.refs().get(branch);
    Preconditions.checkArgument(
        ref == null || !ref.isTag(),
        "Cannot write to %s of table %s: it is a tag, not a branch",
        branch,
        table.name());
  }
}
