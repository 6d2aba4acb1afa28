package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.RefNames;
import dev.floe.catalog.ResolvedTable;
import dev.floe.catalog.exceptions.SnapshotNotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.exceptions.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "tag",
    mixinStandardHelpOptions = true,
    description =
        "Tag a snapshot (default: the branch's current one); retention keeps tagged snapshots."
            + " In nessie mode the tag is a catalog-wide Nessie tag.")
final class TagCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TABLE", description = "db.table or db.table@branch")
  String table;

  @Parameters(
      index = "1",
      paramLabel = "TAG",
      description = "Tag name: letters, digits, '.', '_', '-'.")
  String tag;

  @Option(names = "--snapshot", paramLabel = "ID", description = "Snapshot to tag.")
  Long snapshot;

  @Override
  public void run() {
    try (Floe floe = catalog.open()) {
      checkName(spec, "tag", tag, floe.tables().nessieMode());
      ResolvedTable resolved = floe.tables().resolve(table);
      long id;
      if (snapshot != null) {
        id = snapshot;
      } else if (resolved.snapshot() != null) {
        id = resolved.snapshot().snapshotId();
      } else {
        throw new SnapshotNotFoundException("Cannot tag %s: it has no snapshots yet", resolved);
      }
      floe.experiments().tag(resolved.name().identifier().toString(), tag, id);
      if (output.json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table", resolved.name().identifier().toString());
        m.put("tag", tag);
        m.put("snapshot_id", id);
        output.printJson(m);
        return;
      }
      output
          .out()
          .printf("Tagged snapshot %d of %s as %s%n", id, resolved.name().identifier(), tag);
    }
  }

  /**
   * Checks a branch or tag name by {@link RefNames}; a bad name is a usage error (exit 2), like a
   * bad option value.
   */
  static void checkName(CommandSpec spec, String kind, String name, boolean nessie) {
    try {
      RefNames.check(kind, name, nessie);
    } catch (ValidationException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
