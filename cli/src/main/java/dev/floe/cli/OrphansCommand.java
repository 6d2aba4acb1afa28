package dev.floe.cli;

import dev.floe.catalog.CatalogMode;
import dev.floe.catalog.Floe;
import dev.floe.catalog.TableRef;
import dev.floe.compaction.Compaction;
import dev.floe.compaction.NessieCollection;
import dev.floe.compaction.OrphanFile;
import dev.floe.compaction.Orphans;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "orphans",
    mixinStandardHelpOptions = true,
    description = {
      "List files under a table's location that no snapshot of any branch or tag uses.",
      "In nessie mode, the branches and tags are every Nessie reference (Nessie-aware"
          + " collection); otherwise the table's own refs.",
      "Dry run unless --delete; files younger than --older-than are never touched.",
      "--delete with --older-than below 24h also needs --force: files of a commit in flight",
      "are in no snapshot yet (the same rule as floe maintain --delete)."
    })
final class OrphansCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "TABLE", description = "db.table")
  String table;

  @Option(
      names = "--older-than",
      defaultValue = "3d",
      converter = DurationConverter.class,
      description = "Safety window: only older files can be orphans (default 3d).")
  Duration olderThan;

  @Option(names = "--delete", description = "Delete the orphans (default: only list them).")
  boolean delete;

  @Option(
      names = "--force",
      description = "Allow --delete with --older-than below 24h (only when no writer runs).")
  boolean force;

  @Option(
      names = "--also-under",
      paramLabel = "LOCATION",
      description = "Also search this location, e.g. the table's cold tier.")
  List<String> alsoUnder = List.of();

  @Override
  public void run() {
    checkSafeWindow(spec, delete, force, olderThan, "--older-than");
    PrintWriter out = spec.commandLine().getOut();
    TableRef ref = TableRef.parse(table);
    if (!ref.isMain()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          String.format(
              "Cannot look for orphans of %s: orphan removal covers the whole table (files any"
                  + " branch or tag uses are live); run floe orphans %s",
              table, ref.identifier()));
    }
    try (Floe floe = delete ? catalog.open() : catalog.openExisting()) {
      boolean nessie = floe.config().mode() == CatalogMode.NESSIE;
      List<OrphanFile> found;
      if (nessie) {
        NessieCollection collection =
            Compaction.removeNessieOrphans(floe, table).olderThan(olderThan);
        alsoUnder.forEach(collection::location);
        found = delete ? collection.deleteOrphans() : collection.plan();
      } else {
        Orphans orphans = Compaction.removeOrphans(floe.tables().load(table)).olderThan(olderThan);
        alsoUnder.forEach(orphans::location);
        found = delete ? orphans.deleteOrphans() : orphans.plan();
      }
      if (output.json) {
        output.printJson(MaintenanceJson.orphans(table, nessie, delete, found));
        return;
      }
      out.printf(
          "%s: %s%n",
          table,
          nessie
              ? "Nessie-aware collection (files any Nessie branch or tag uses are live)"
              : "orphan files of the table's own branches and tags");
      for (OrphanFile file : found) {
        out.printf(
            "%s  %s  %s%n", file.lastModified(), Format.bytes(file.sizeBytes()), file.location());
      }
      out.printf(
          "%s: %d orphan files (%s) %s%n",
          table,
          found.size(),
          Format.bytes(found.stream().mapToLong(OrphanFile::sizeBytes).sum()),
          delete ? "deleted" : "found (dry run; --delete removes them)");
    }
  }

  /** A usage error when deleting below {@link Orphans#MIN_SAFE_AGE} without --force. */
  static void checkSafeWindow(
      CommandSpec spec, boolean delete, boolean force, Duration window, String setting) {
    if (delete && !force && window.compareTo(Orphans.MIN_SAFE_AGE) < 0) {
      throw new ParameterException(
          spec.commandLine(),
          String.format(
              "Refusing to delete orphan files younger than %dh (%s is %s): files of a commit in"
                  + " flight are in no snapshot yet; add --force only if no writer is running",
              Orphans.MIN_SAFE_AGE.toHours(), setting, Format.window(window)));
    }
  }
}
