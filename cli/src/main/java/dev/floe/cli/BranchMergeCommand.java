package dev.floe.cli;

import dev.floe.catalog.ExperimentDiff;
import dev.floe.catalog.Floe;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    description =
        "Merge a branch into main (nessie: atomically across tables). Fails, merging nothing,"
            + " when main changed the same table meanwhile.")
final class BranchMergeCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "NAME", description = "Experiment (branch) name.")
  String name;

  @Override
  public void run() {
    try (Floe floe = catalog.open()) {
      // Merges exactly the heads this diff saw, so what is printed is what landed.
      ExperimentDiff diff = floe.experiments().merge(name);
      if (output.json) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("merged", name);
        result.put("diff", BranchJson.diff(diff));
        output.printJson(result);
        return;
      }
      output
          .out()
          .printf(
              "Merged branch %s into main: %d table(s), %s rows%n",
              name, diff.tables().size(), Format.count(diff.rowsAdded()));
    }
  }
}
