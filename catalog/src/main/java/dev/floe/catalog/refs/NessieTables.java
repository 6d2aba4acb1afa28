package dev.floe.catalog.refs;

import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.TableRef;
import dev.floe.catalog.exceptions.NoSuchRefException;
import java.util.List;
import java.util.TreeSet;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.projectnessie.model.Reference;
import org.projectnessie.model.Tag;

/**
 * Loads tables of a NessieCatalog on a Nessie branch or tag, or at one of its commits: what {@link
 * dev.floe.catalog.FloeTables#resolve(TableRef)} does in nessie mode. NessieCatalog takes the
 * reference in the table name ({@code t@ref}, {@code t@ref#hash}).
 */
public final class NessieTables {
  private final Catalog catalog;
  private final NessieRefs refs;

  public NessieTables(Catalog catalog, NessieRefs refs) {
    this.catalog = catalog;
    this.refs = refs;
  }

  /**
   * {@code db.t@ref#hash}: NessieCatalog loads the table as of that commit, read-only. Nessie finds
   * a commit by its hash whichever reference it is read through, so an implicit ref means the
   * catalog's branch.
   */
  /**
   * Every Nessie branch and tag that holds {@code id}, with the table's own Iceberg refs on the
   * catalog's branch; a table may live on a branch only, so that branch need not hold it.
   */
  public List<String> refs(TableIdentifier id) {
    TreeSet<String> names = new TreeSet<>(refs.holding(id.toString()));
    if (catalog.tableExists(id)) {
      names.addAll(catalog.loadTable(id).refs().keySet());
    }
    if (names.isEmpty()) {
      throw new NoSuchTableException("Table does not exist: %s", id);
    }
    return List.copyOf(names);
  }

  public ResolvedTable atCommit(TableRef ref) {
    String refName = ref.ref();
    Reference onNessie = refs.find(refName);
    if (onNessie == null && SnapshotRef.MAIN_BRANCH.equals(refName)) {
      refName = refs.defaultBranch();
      onNessie = refs.find(refName);
    }
    if (onNessie == null) {
      throw new NoSuchRefException(
          "Cannot read %s: no Nessie branch or tag named '%s'", ref, ref.ref());
    }
    String hash = refs.commit(refName, ref.hash());
    TableIdentifier id = ref.identifier();
    TableIdentifier atCommit =
        TableIdentifier.of(id.namespace(), id.name() + "@" + refName + "#" + hash);
    try {
      Table table = catalog.loadTable(atCommit);
      return new ResolvedTable(ref, table, SnapshotRef.MAIN_BRANCH, true, refName, hash);
    } catch (NoSuchTableException e) {
      throw new NoSuchTableException(
          "Table %s does not exist at Nessie commit %s (read through %s)", id, hash, refName);
    }
  }

  /** NessieCatalog loads {@code t@ref} on that reference; inside it, Iceberg's main is the head. */
  public ResolvedTable onReference(TableRef ref, Reference onNessie) {
    TableIdentifier id = ref.identifier();
    TableIdentifier atRef = TableIdentifier.of(id.namespace(), id.name() + "@" + ref.ref());
    try {
      Table table = catalog.loadTable(atRef);
      return new ResolvedTable(
          ref, table, SnapshotRef.MAIN_BRANCH, onNessie instanceof Tag, ref.ref(), null);
    } catch (NoSuchTableException e) {
      throw new NoSuchTableException(
          "Table does not exist on Nessie %s %s: %s",
          onNessie instanceof Tag ? "tag" : "branch", ref.ref(), id);
    }
  }
}
