package dev.floe.catalog;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;

import dev.floe.catalog.exceptions.NoSuchRefException;
import dev.floe.catalog.refs.NessieRefs;
import dev.floe.catalog.refs.NessieTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Catalog.TableBuilder;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.projectnessie.model.Reference;
import org.projectnessie.model.Tag;

/**
 * Tables of a lakehouse, by name ({@code db.table}) and ref ({@code db.table@branch}); in nessie
 * mode also at a Nessie commit ({@code db.table@branch#hash}, {@code db.table#hash}).
 */
public final class FloeTables {
  private final Catalog catalog;
  // Non-null in nessie mode: "db.t@x" then first means Nessie branch or tag x.
  private final NessieRefs nessie;
  private final NessieTables nessieTables;

  FloeTables(Catalog catalog, NessieRefs nessie) {
    this.catalog = catalog;
    this.nessie = nessie;
    this.nessieTables = nessie == null ? null : new NessieTables(catalog, nessie);
  }

  /** Creates the table (and its namespaces) unless it exists; returns the table either way. */
  public Table createIfAbsent(String name, Schema schema, PartitionSpec spec) {
    return createIfAbsent(name, schema, spec, Map.of());
  }

  public Table createIfAbsent(
      String name, Schema schema, PartitionSpec spec, Map<String, String> properties) {
    TableIdentifier id = plainName(name);
    if (catalog.tableExists(id)) {
      return catalog.loadTable(id);
    }
    try {
      return create(name, schema, spec, SortOrder.unsorted(), properties);
    } catch (AlreadyExistsException e) {
      // Another process created it between our check and create: theirs is as good as ours.
      return catalog.loadTable(id);
    }
  }

  /** Creates {@code db.t} and its namespaces; {@link AlreadyExistsException} if it exists. */
  public Table create(
      String name, Schema schema, PartitionSpec spec, SortOrder order, Map<String, String> props) {
    TableIdentifier id = plainName(name);
    createNamespaces(id.namespace());
    TableBuilder builder = catalog.buildTable(id, schema).withPartitionSpec(spec);
    return builder.withSortOrder(order).withProperties(props).create();
  }

  /**
   * Loads a table ({@code db.table}); throws {@link NoSuchTableException} naming it if absent. As
   * with Iceberg's {@code Catalog.loadTable}, the {@link Table} is not bound to a branch: appends,
   * rewrites and scans through it go to {@code main} unless each names a ref ({@code
   * toBranch}/{@code useRef}). So a name with {@code @ref} or {@code #hash} is refused with an
   * {@link IllegalArgumentException}: use {@link #resolve(String)}, whose {@link ResolvedTable}
   * carries the ref (Floe's writers, jobs and readers take it and use that ref).
   */
  public Table load(String name) {
    TableRef ref = TableRef.parse(name);
    checkArgument(
        ref.isMain(),
        "Cannot load %s: a Table is not bound to a ref, so writes through it would go to main;"
            + " use resolve(\"%s\") and pass the ResolvedTable on (or its ref() to"
            + " toBranch/useRef)",
        name,
        name);
    return resolve(ref).table();
  }

  /**
   * The branches and tags {@code db.table} can be read at with {@code db.table@ref}, sorted, {@code
   * main} included: the table's own Iceberg refs and, in nessie mode, every Nessie branch and tag
   * that holds the table.
   */
  public List<String> refs(String name) {
    TableIdentifier id = plainName(name);
    return nessie == null ? List.copyOf(refNames(loadPlain(id), true)) : nessieTables.refs(id);
  }

  /**
   * Resolves {@code db.table} or {@code db.table@ref}, in nessie mode also {@code
   * db.table@ref#hash} and {@code db.table#hash} (read-only, as of that Nessie commit). An unknown
   * table throws {@link NoSuchTableException}; an unknown branch or tag throws {@link
   * NoSuchRefException} listing the refs the table has, and so does an unknown commit hash.
   */
  public ResolvedTable resolve(String nameWithRef) {
    return resolve(TableRef.parse(nameWithRef));
  }

  public ResolvedTable resolve(TableRef ref) {
    if (ref.hasHash()) {
      return atNessieCommit(ref);
    }
    if (nessie != null && !ref.isMain()) {
      Reference onNessie = nessie.find(ref.ref());
      if (onNessie != null) {
        return nessieTables.onReference(ref, onNessie);
      }
    }
    Table table;
    try {
      table = catalog.loadTable(ref.identifier());
    } catch (NoSuchTableException e) {
      throw new NoSuchTableException("Table does not exist: %s", ref.identifier());
    }
    // An empty table has no main ref yet, but main is where its first commit will go.
    if (!ref.isMain() && !table.refs().containsKey(ref.ref())) {
      throw new NoSuchRefException(
          "Table %s has no branch or tag '%s' (it has: %s%s)",
          ref.identifier(),
          ref.ref(),
          refNames(table),
          nessie == null ? "" : "; and there is no Nessie branch or tag of that name");
    }
    return new ResolvedTable(ref, table, ref.ref(), false, null, null);
  }

  /**
   * Like {@link #resolve(String)}, but in nessie mode loads the table at the exact Nessie commit
   * its reference points to now (or the one named with {@code #hash}), so what is read cannot move
   * while reading, and {@link ResolvedTable#nessieHash()} says which commit that is. The result is
   * read-only there. Outside nessie mode this is {@link #resolve(String)}.
   */
  public ResolvedTable resolveCommit(String nameWithRef) {
    return resolveCommits(List.of(nameWithRef)).get(0);
  }

  /**
   * {@link #resolveCommit} of several tables, in order. Tables on one Nessie reference are loaded
   * at one commit of it, so they are read consistently with each other.
   */
  public List<ResolvedTable> resolveCommits(List<String> namesWithRefs) {
    Map<String, String> heads = new HashMap<>();
    List<ResolvedTable> resolved = new ArrayList<>();
    for (String nameWithRef : namesWithRefs) {
      TableRef ref = TableRef.parse(nameWithRef);
      if (nessie == null || ref.hasHash()) {
        resolved.add(resolve(ref));
        continue;
      }
      String refName = ref.isMain() ? nessie.defaultBranch() : ref.ref();
      String head =
          heads.computeIfAbsent(
              refName,
              name -> {
                Reference onNessie = nessie.find(name);
                return onNessie == null ? null : onNessie.getHash();
              });
      // Not a Nessie reference: an Iceberg ref of the table, which resolve explains.
      resolved.add(
          head == null
              ? resolve(ref)
              : atNessieCommit(new TableRef(ref.identifier(), refName, head)));
    }
    return resolved;
  }

  /** True in nessie mode: refs may be Nessie branches, tags and commit hashes. */
  public boolean nessieMode() {
    return nessie != null;
  }

  /**
   * Keeps a Nessie commit from garbage collection with the catalog-wide tag {@code tag}: creates it
   * at {@code hash}, or keeps it if it already points there. Throws {@link
   * org.apache.iceberg.exceptions.ValidationException} if a branch or tag of that name points
   * elsewhere, {@link UnsupportedOperationException} outside nessie mode.
   */
  public void tagNessieCommit(String tag, String hash) {
    requireNessie("tag a Nessie commit");
    nessie.tagCommit(tag, hash);
  }

  /** The commit the Nessie branch or tag {@code name} points to, or null if there is none. */
  public String nessieHash(String name) {
    requireNessie("look up a Nessie reference");
    Reference ref = nessie.find(name);
    return ref == null ? null : ref.getHash();
  }

  /** Whether {@code name} is a Nessie tag (not a branch). */
  public boolean isNessieTag(String name) {
    requireNessie("look up a Nessie reference");
    return nessie.find(name) instanceof Tag;
  }

  private void requireNessie(String what) {
    if (nessie == null) {
      throw new UnsupportedOperationException(
          "Cannot " + what + ": the catalog is not in nessie mode");
    }
  }

  /** {@code db.t@ref#hash}: read-only, as of that Nessie commit; needs nessie mode. */
  private ResolvedTable atNessieCommit(TableRef ref) {
    if (nessie == null) {
      throw new UnsupportedOperationException(
          String.format(
              "Cannot read %s: Nessie commit hashes need nessie mode (use a snapshot id to read"
                  + " an Iceberg snapshot)",
              ref));
    }
    return nessieTables.atCommit(ref);
  }

  public boolean exists(String name) {
    return catalog.tableExists(plainName(name));
  }

  /** Every table in every namespace, sorted by name. */
  public List<TableIdentifier> list() {
    List<TableIdentifier> tables = new ArrayList<>();
    if (catalog instanceof SupportsNamespaces namespaces) {
      collect(namespaces, Namespace.empty(), tables);
    }
    tables.sort((a, b) -> a.toString().compareTo(b.toString()));
    return tables;
  }

  public boolean drop(String name, boolean purge) {
    return catalog.dropTable(plainName(name), purge);
  }

  static String refNames(Table table) {
    return String.join(", ", refNames(table, true));
  }

  private static TreeSet<String> refNames(Table table, boolean withMain) {
    TreeSet<String> names = new TreeSet<>(table.refs().keySet());
    if (withMain) {
      names.add(SnapshotRef.MAIN_BRANCH);
    }
    return names;
  }

  private Table loadPlain(TableIdentifier id) {
    try {
      return catalog.loadTable(id);
    } catch (NoSuchTableException e) {
      throw new NoSuchTableException("Table does not exist: %s", id);
    }
  }

  private void collect(SupportsNamespaces namespaces, Namespace parent, List<TableIdentifier> out) {
    for (Namespace ns : namespaces.listNamespaces(parent)) {
      out.addAll(catalog.listTables(ns));
      collect(namespaces, ns, out);
    }
  }

  private void createNamespaces(Namespace namespace) {
    if (!(catalog instanceof SupportsNamespaces namespaces)) {
      return;
    }
    String[] levels = namespace.levels();
    for (int i = 1; i <= levels.length; i++) {
      Namespace ns = Namespace.of(java.util.Arrays.copyOf(levels, i));
      if (!namespaces.namespaceExists(ns)) {
        try {
          namespaces.createNamespace(ns);
        } catch (AlreadyExistsException e) {
          // created concurrently: fine
        }
      }
    }
  }

  private static TableIdentifier plainName(String name) {
    TableRef ref = TableRef.parse(name);
    checkArgument(ref.isMain(), "Expected a table name without @ref, got '%s'", name);
    return ref.identifier();
  }
}
