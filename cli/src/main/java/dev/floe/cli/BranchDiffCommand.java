package dev.floe.cli;

import dev.floe.catalog.ExperimentDiff;
import dev.floe.catalog.Floe;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = "What a branch added on top of main: tables, snapshots and rows.")
final class BranchDiffCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "Experiment (branch) name.")
  String name;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    try (Floe floe = catalog.openExisting()) {
      ExperimentDiff diff = floe.experiments().diff(name);
      if (json) {
        BranchJson.print(out, BranchJson.diff(diff));
        return;
      }
      if (diff.isEmpty()) {
        out.println("Branch " + name + " adds nothing to main");
        return;
      }
      out.printf("%-32s %9s %12s %12s  %s%n", "TABLE", "SNAPSHOTS", "ROWS", "BYTES", "MAIN");
      for (ExperimentDiff.TableDiff t : diff.tables()) {
        out.printf(
            "%-32s %9d %12s %12s  %s%n",
            t.table(),
            t.snapshotsAdded(),
            Format.count(t.rowsAdded()),
            Format.bytes(t.bytesAdded()),
            t.mainChanged() ? "changed too (merge will conflict)" : "unchanged");
      }
    }
  }
}
