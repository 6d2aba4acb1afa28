package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.timetravel.LockFile;
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
    description =
        "Check that the tables still hold exactly the data a lock file pinned (every table of"
            + " it); exit code 1 on any mismatch.")
final class VerifyCommand implements Callable<Integer> {
  @Mixin CatalogOptions catalog;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "LOCK", description = "Lock file written by floe pin.")
  Path lockFile;

  @Override
  public Integer call() {
    LockFile file = LockFile.read(lockFile);
    PrintWriter out = spec.commandLine().getOut();
    boolean ok = true;
    try (Floe floe = catalog.openExisting()) {
      for (TrainingLock lock : file.locks()) {
        VerifyResult result = TimeTravel.verify(floe, lock);
        String at =
            lock.nessieHash() == null
                ? ""
                : " (Nessie commit " + lock.nessieHash().substring(0, 12) + ")";
        if (result.ok()) {
          out.printf(
              "OK: %s snapshot %d%s still holds the pinned %s files and %s rows%n",
              lock.label(),
              lock.snapshotId(),
              at,
              Format.count(lock.dataFiles()),
              PinCommand.rows(lock));
          if (lock.contentDigest() == null) {
            out.println(
                "  NOT verified: no content digest pinned, so the values cannot be checked"
                    + " (rehydrate refuses it without --unverified)");
          }
        } else {
          ok = false;
          out.printf("MISMATCH: %s snapshot %d%s%n", lock.label(), lock.snapshotId(), at);
          result.problems().forEach(p -> out.println("  - " + p));
        }
      }
    }
    return ok ? 0 : 1;
  }
}
