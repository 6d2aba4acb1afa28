package dev.floe.cli;

import dev.floe.catalog.Floe;
import dev.floe.catalog.ResolvedTable;
import dev.floe.compaction.Compaction;
import dev.floe.compaction.health.HealthReport;
import dev.floe.compaction.health.HealthReports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write a table's health report: one self-contained HTML page (inline SVG charts, no network"
          + " fetches) with data file sizes per partition, files and rows over time, commits per"
          + " producer, snapshots and their operations, the bytes each branch and tag keeps alive,"
          + " pins, storage tiers and, where the table has per-commit profiles, null rates and"
          + " drift. Figures come from Iceberg metadata; no data file is read.",
      "With --json: the same figures as JSON on stdout (docs/json.md)."
    })
final class ReportCommand implements Runnable {
  @Mixin CatalogOptions catalog;
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "TABLE", description = "db.table or db.table@ref")
  String name;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      defaultValue = "report.html",
      description = "The HTML file to write (default report.html).")
  Path out;

  @Option(
      names = "--max-snapshots",
      defaultValue = "" + HealthReports.MAX_SNAPSHOTS_DEFAULT,
      converter = PositiveConverter.ToInt.class,
      description = "Per-snapshot series cover at most the newest N snapshots (default 500).")
  int maxSnapshots;

  @Option(
      names = "--cold-location",
      paramLabel = "LOCATION",
      description = "The table's cold tier location, to split files into hot and cold.")
  String coldLocation;

  @Override
  public void run() {
    try (Floe floe = catalog.openExisting()) {
      ResolvedTable resolved = floe.tables().resolve(name);
      HealthReport report =
          Compaction.health(resolved.table())
              .ref(resolved.ref())
              .maxSnapshots(maxSnapshots)
              .coldLocation(coldLocation)
              .get();
      Map<String, Object> profiles = ProfileSeries.of(resolved.table(), report.snapshots());
      if (output.json) {
        output.printJson(ReportJson.of(report, profiles));
        return;
      }
      write(out, ReportHtml.render(report, profiles));
      output
          .out()
          .printf(
              "%s: health report written to %s (%d data files, %d snapshots)%n",
              resolved, out, report.files(), report.snapshotsTotal());
    }
  }

  /** Writes beside the target and moves it into place, so a failed run leaves no half page. */
  private static void write(Path file, String html) {
    Path target = file.toAbsolutePath();
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, html, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the first failure is the one to report
      }
      throw new UncheckedIOException("Cannot write the report to " + target + ": " + e, e);
    }
  }
}
