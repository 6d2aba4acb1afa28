package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import dev.floe.timetravel.VerifyResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  @Mixin OutputOptions output;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "LOCK", description = "Lock file written by floe pin.")
  Path lockFile;

  @Override
  public Integer call() {
    LockFile file = LockFile.read(lockFile);
    PrintWriter out = spec.commandLine().getOut();
    boolean ok = true;
    List<Map<String, Object>> checked = new ArrayList<>();
    try (Floe floe = catalog.openExisting()) {
      for (TrainingLock lock : file.locks()) {
        VerifyResult result = TimeTravel.verify(floe, lock);
        ok &= result.ok();
        if (output.json) {
          Map<String, Object> m = MaintenanceJson.lock(lock);
          m.put("ok", result.ok());
          // Files and rows match, but without a digest the values were not compared.
          m.put("content_verified", result.ok() && lock.contentDigest() != null);
          m.put("problems", result.problems());
          checked.add(m);
          continue;
        }
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
          out.printf("MISMATCH: %s snapshot %d%s%n", lock.label(), lock.snapshotId(), at);
          result.problems().forEach(p -> out.println("  - " + p));
        }
      }
    }
    if (output.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("lock_file", lockFile.toString());
      m.put("ok", ok);
      m.put("tables", checked);
      output.printJson(m);
    }
    return ok ? 0 : 1;
  }
}
