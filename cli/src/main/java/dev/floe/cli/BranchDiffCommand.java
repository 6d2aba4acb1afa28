package dev.floe.cli;

import dev.floe.catalog.ExperimentDiff;
import dev.floe.catalog.Floe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = "What a branch added on top of main: tables, snapshots and rows.")
final class BranchDiffCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "NAME", description = "Experiment (branch) name.")
  String name;

  @Override
  public void run() {
    try (Floe floe = catalog.openExisting()) {
      ExperimentDiff diff = floe.experiments().diff(name);
      if (output.json) {
        output.printJson(BranchJson.diff(diff));
        return;
      }
      if (diff.isEmpty()) {
        output.out().println("Branch " + name + " adds nothing to main");
        return;
      }
      TextTable table =
          new TextTable().text("TABLE").number("SNAPSHOTS", "ROWS", "BYTES").text("MAIN");
      for (ExperimentDiff.TableDiff t : diff.tables()) {
        table.row(
            t.table(),
            t.snapshotsAdded(),
            Format.count(t.rowsAdded()),
            Format.bytes(t.bytesAdded()),
            t.mainChanged() ? "changed too (merge will conflict)" : "unchanged");
      }
      table.print(output.out());
    }
  }
}
