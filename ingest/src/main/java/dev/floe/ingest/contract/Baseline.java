package dev.floe.ingest.contract;

import dev.floe.catalog.FloeTables;
import dev.floe.catalog.ResolvedTable;
import java.util.Objects;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The table state a drift baseline ref names. In nessie mode a Nessie branch or tag (and {@code
 * main}: the catalog's default branch) names the table as committed on that reference, loaded at
 * its current commit; the checked table's own Iceberg {@code main} there is the branch being
 * checked, so comparing with it would compare a branch with itself. Otherwise, and for names that
 * are no Nessie reference, the ref is a branch or tag of the checked table.
 *
 * @param table the table holding the baseline's snapshots and their profiles
 * @param snapshotId the baseline's head snapshot
 * @param label the ref, with the Nessie commit when it came from one
 */
public record Baseline(Table table, long snapshotId, String label) {
  public Baseline {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(label, "label");
  }

  /**
   * Resolves {@code ref} for a check of {@code checked} ({@code name} in the catalog; {@code
   * tables} null: no catalog, Iceberg refs only). Throws {@link IllegalArgumentException} naming
   * the refs there are when {@code ref} names nothing.
   */
  public static Baseline resolve(
      FloeTables tables, TableIdentifier name, Table checked, String ref) {
    if (tables != null && tables.nessieMode() && name != null && onNessie(tables, ref)) {
      ResolvedTable resolved = tables.resolveCommit(name + "@" + ref);
      Snapshot head = resolved.snapshot();
      if (head == null) {
        throw new IllegalArgumentException(
            "the baseline Nessie reference '" + ref + "' has no snapshot of " + name);
      }
      return new Baseline(
          resolved.table(),
          head.snapshotId(),
          ref + " (Nessie commit " + shortHash(resolved.nessieHash()) + ")");
    }
    Snapshot head = checked.snapshot(ref);
    if (head == null) {
      throw new IllegalArgumentException(
          "it has no branch or tag '"
              + ref
              + "' for the baseline (it has: "
              + checked.refs().keySet()
              + (tables != null && tables.nessieMode()
                  ? "; and no Nessie reference of that name"
                  : "")
              + ")");
    }
    return new Baseline(checked, head.snapshotId(), ref);
  }

  private static boolean onNessie(FloeTables tables, String ref) {
    return SnapshotRef.MAIN_BRANCH.equals(ref) || tables.nessieHash(ref) != null;
  }

  private static String shortHash(String hash) {
    return hash == null || hash.length() <= 12 ? String.valueOf(hash) : hash.substring(0, 12);
  }
}
