package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import dev.floe.timetravel.VerifyResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Check that the table still holds exactly the data a lock file pinned.")
final class VerifyCommand implements Callable<Integer> {
  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "LOCK", description = "Lock file written by floe pin.")
  Path lockFile;

  @Override
  public Integer call() {
    TrainingLock lock = TrainingLock.read(lockFile);
    PrintWriter out = spec.commandLine().getOut();
    try (Floe floe = catalog.open()) {
      VerifyResult result = TimeTravel.verify(floe, lock);
      if (result.ok()) {
        out.printf(
            "OK: %s snapshot %d still holds the pinned %s files and %s rows%n",
            lock.table(),
            lock.snapshotId(),
            Format.count(lock.dataFiles()),
            Format.count(lock.records()));
        return 0;
      }
      out.printf("MISMATCH: %s snapshot %d%n", lock.table(), lock.snapshotId());
      result.problems().forEach(p -> out.println("  - " + p));
      return 1;
    }
  }
}
