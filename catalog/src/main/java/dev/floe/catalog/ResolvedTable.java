package dev.floe.catalog;

import java.util.Objects;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;

/**
 * A loaded table and the ref (branch or tag) an operation should use. Writers pass {@link #ref()}
 * to {@code toBranch}, readers to {@code useRef}.
 */
public record ResolvedTable(TableRef name, Table table) {
  public ResolvedTable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(table, "table");
  }

  public String ref() {
    return name.ref();
  }

  /** The ref's current snapshot, or null when the ref has no commits yet. */
  public Snapshot snapshot() {
    return table.snapshot(name.ref());
  }

  public boolean isTag() {
    SnapshotRef ref = table.refs().get(name.ref());
    return ref != null && ref.isTag();
  }

  @Override
  public String toString() {
    return name.toString();
  }
}
