package dev.floe.catalog;

import java.util.Objects;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;

/**
 * A loaded table and the ref (branch or tag) an operation should use. Floe's entry points take it
 * whole and use that ref ({@code TableWriter.forTable(resolved)}, {@code
 * Compaction.binPack(resolved)}, {@code Tiering.of(resolved)}; a tag is refused there); with
 * Iceberg's own API, pass {@link #ref()} to {@code toBranch} or {@code useRef}: {@link #table()}
 * alone is not bound to the ref and writes to {@code main}.
 *
 * <p>In nessie mode, {@code db.t@exp} names a Nessie branch or tag: the table is then loaded on
 * that Nessie reference, and {@link #ref()} is the Iceberg ref inside it ({@code main}), while
 * {@link #name()} keeps {@code db.t@exp}. {@link #catalogTag()} says the table is read-only there
 * (a Nessie tag, or a Nessie commit hash).
 *
 * @param nessieRef the Nessie branch or tag the table was loaded from, or null outside nessie mode
 *     (and for tables resolved on the catalog's own branch without a hash)
 * @param nessieHash the Nessie commit the table was loaded at, or null when not known
 */
public record ResolvedTable(
    TableRef name,
    Table table,
    String icebergRef,
    boolean catalogTag,
    String nessieRef,
    String nessieHash) {
  public ResolvedTable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(icebergRef, "icebergRef");
  }

  /** The Iceberg branch or tag of {@link #table()} to write to or read. */
  public String ref() {
    return icebergRef;
  }

  /** The ref's current snapshot, or null when the ref has no commits yet. */
  public Snapshot snapshot() {
    return table.snapshot(icebergRef);
  }

  /** True for an Iceberg tag, a Nessie tag or a Nessie commit hash: not writable. */
  public boolean isTag() {
    SnapshotRef ref = table.refs().get(icebergRef);
    return catalogTag || (ref != null && ref.isTag());
  }

  @Override
  public String toString() {
    return name.toString();
  }
}
