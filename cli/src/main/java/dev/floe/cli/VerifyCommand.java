package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.timetravel.FileCheck;
import dev.floe.timetravel.LockFile;
import dev.floe.timetravel.TimeTravel;
import dev.floe.timetravel.TrainingLock;
import dev.floe.timetravel.VerifyResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Check that the tables still hold exactly the data a lock file pinned (every table of"
            + " it); exit code 1 on any mismatch. Checks metadata only (snapshot, files, sizes,"
            + " counts, tag) unless --deep.")
final class VerifyCommand implements Callable<Integer> {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "LOCK", description = "Lock file written by floe pin.")
  Path lockFile;

  @Option(
      names = "--deep",
      description =
          "Also read every data file (in parallel) and compare its content digest with the"
              + " lock's; names each file that differs. Costs a full read of the pinned data.")
  boolean deep;

  @Override
  public Integer call() {
    LockFile file = LockFile.read(lockFile);
    PrintWriter out = spec.commandLine().getOut();
    boolean ok = true;
    List<Map<String, Object>> checked = new ArrayList<>();
    try (Floe floe = catalog.openExisting()) {
      for (TrainingLock lock : file.locks()) {
        VerifyResult result =
            deep ? TimeTravel.verifyDeep(floe, lock) : TimeTravel.verify(floe, lock);
        ok &= result.ok();
        if (output.json) {
          Map<String, Object> m = MaintenanceJson.lock(lock);
          m.put("ok", result.ok());
          // Files and rows match, but without a digest the values were not compared.
          m.put("content_verified", result.ok() && lock.contentDigest() != null);
          m.put("deep", deep);
          m.put("problems", result.problems());
          m.put("files", deep ? files(result) : null);
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
          if (deep && !result.files().isEmpty()) {
            out.printf(
                "  values checked: %s data files, each matches its content digest%n",
                Format.count(result.files().size()));
          } else if (deep) {
            out.println("  values checked: they match the lock's content digest");
          }
          if (lock.contentDigest() == null) {
            out.println(
                "  NOT verified: no content digest pinned, so the values cannot be checked"
                    + " (rehydrate refuses it without --unverified)");
          }
        } else {
          out.printf("MISMATCH: %s snapshot %d%s%n", lock.label(), lock.snapshotId(), at);
          result.problems().forEach(p -> out.println("  - " + p));
          long good = result.files().stream().filter(FileCheck::ok).count();
          if (!result.files().isEmpty()) {
            out.printf(
                "  %s of %s data files match their content digest%n",
                Format.count(good), Format.count(result.files().size()));
          }
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

  private static List<Map<String, Object>> files(VerifyResult result) {
    List<Map<String, Object>> files = new ArrayList<>();
    for (FileCheck file : result.files()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", file.path());
      m.put("status", file.status().name().toLowerCase(Locale.ROOT));
      m.put("expected_rows", file.expectedRows());
      m.put("expected_digest", file.expectedDigest());
      m.put("rows", file.rows());
      m.put("digest", file.digest());
      m.put("error", file.error());
      files.add(m);
    }
    return files;
  }
}
