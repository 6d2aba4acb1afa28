package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.TableRef;
import dev.floe.catalog.exceptions.PinnedSnapshotException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.NoSuchTableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code floe table drop}: removes a table from the catalog, behind an explicit flag. With {@code
 * --purge} its files go too, which would destroy the training runs its tags pin: refused while the
 * table has a tag unless {@code --force}.
 */
@Command(
    name = "drop",
    mixinStandardHelpOptions = true,
    description = {
      "Drop a table from the catalog (nessie mode: from the catalog's branch). Needs"
          + " --yes-drop-data.",
      "--purge deletes its data and metadata files too (embedded mode), refused while the table"
          + " has a tag (a pinned training run) unless --force."
    })
final class TableDropCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "TABLE", description = "db.table")
  String name;

  @Option(names = "--yes-drop-data", description = "Confirm: the table's rows go with it.")
  boolean confirmed;

  @Option(names = "--purge", description = "Delete the table's files too.")
  boolean purge;

  @Option(names = "--force", description = "With --purge: purge even though tags pin snapshots.")
  boolean force;

  @Override
  public void run() {
    if (!confirmed) {
      throw NewTableOptions.usage(
          spec, "Dropping %s loses its rows: add --yes-drop-data to confirm", name);
    }
    if (force && !purge) {
      throw NewTableOptions.usage(spec, "--force only applies to --purge");
    }
    TableRef ref = TableRef.parse(name);
    if (!ref.isMain()) {
      throw NewTableOptions.usage(
          spec,
          "Cannot drop %s: a table is dropped whole; drop a branch with floe branch drop",
          name);
    }
    try (Floe floe = catalog.openExisting()) {
      String plain = ref.identifier().toString();
      if (!floe.tables().exists(plain)) {
        throw new NoSuchTableException("Table does not exist: %s", plain);
      }
      if (purge && floe.tables().nessieMode()) {
        // NessieCatalog leaves files alone: other branches and commits may still use them.
        throw NewTableOptions.usage(
            spec,
            "Cannot --purge %s in nessie mode: other Nessie branches, tags and commits may use its"
                + " files; drop it without --purge, then floe orphans removes what nothing uses",
            name);
      }
      List<String> tags = purge && !force ? tags(floe, plain) : List.of();
      if (!tags.isEmpty()) {
        throw new PinnedSnapshotException(
            "Cannot purge %s: tags %s pin its snapshots (training runs); --force purges anyway",
            name, String.join(", ", tags));
      }
      floe.tables().drop(plain, purge);
      catalog
          .command
          .commandLine()
          .getOut()
          .printf("Dropped table %s%s%n", plain, purge ? " and its files" : " (files kept)");
    }
  }

  private static List<String> tags(Floe floe, String name) {
    Table table = floe.tables().load(name);
    List<String> tags = new ArrayList<>();
    for (Map.Entry<String, SnapshotRef> ref : table.refs().entrySet()) {
      if (ref.getValue().isTag()) {
        tags.add(ref.getKey());
      }
    }
    tags.sort(null);
    return tags;
  }
}
