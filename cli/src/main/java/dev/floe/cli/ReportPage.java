package dev.floe.cli;

import static dev.floe.cli.ReportHtml.esc;
import static dev.floe.cli.ReportHtml.num;

import dev.floe.compaction.TierReport;
import dev.floe.compaction.health.HealthReport;
import dev.floe.compaction.health.HealthReport.RefBytes;
import dev.floe.compaction.health.HealthReport.SnapshotPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report page's sections over time and over refs; {@link ReportHtml} holds the page. */
final class ReportPage {
  private ReportPage() {}

  static void history(StringBuilder h, HealthReport r) {
    h.append("<h2>Files and rows over time</h2>");
    cap(h, r);
    if (r.snapshots().isEmpty()) {
      h.append("<p>No snapshots yet.</p>");
      return;
    }
    List<String> x = new ArrayList<>();
    Double[] files = new Double[r.snapshots().size()];
    Double[] rows = new Double[r.snapshots().size()];
    for (int i = 0; i < r.snapshots().size(); i++) {
      SnapshotPoint s = r.snapshots().get(i);
      x.add(Long.toString(s.snapshotId()));
      files[i] = (double) s.dataFiles();
      rows[i] = (double) s.rows();
    }
    h.append(ReportSvg.lines(x, Map.of("data files", files), v -> Format.count((long) v)));
    h.append(ReportSvg.lines(x, Map.of("rows", rows), v -> Format.count((long) v)));
  }

  static void snapshots(StringBuilder h, HealthReport r) {
    h.append("<h2>Snapshots and their operations</h2>");
    if (r.snapshots().isEmpty()) {
      h.append("<p>No snapshots yet.</p>");
      return;
    }
    Map<String, Long> ops = ReportHtml.operations(r.snapshots());
    List<String> labels = new ArrayList<>(ops.keySet());
    List<long[]> values = new ArrayList<>();
    ops.values().forEach(n -> values.add(new long[] {n}));
    h.append(
        ReportSvg.bars(
            labels,
            values,
            new String[] {"snapshots"},
            new String[] {ReportSvg.PALETTE[4]},
            v -> Format.count((long) v)));
    int rows = Math.min(ReportHtml.MAX_SNAPSHOT_ROWS, r.snapshots().size());
    if (rows < r.snapshots().size()) {
      h.append("<p class=\"note\">The newest ")
          .append(rows)
          .append(" snapshots are listed (--json has all the report's series).</p>");
    }
    h.append("<table id=\"snapshots\"><tr><th>snapshot</th><th>committed</th><th>operation</th>")
        .append("<th>producer</th><th>added files</th><th>added rows</th><th>data files</th>")
        .append("<th>rows</th></tr>");
    for (int i = r.snapshots().size() - 1; i >= r.snapshots().size() - rows; i--) {
      SnapshotPoint s = r.snapshots().get(i);
      h.append("<tr><td>").append(s.snapshotId()).append("</td><td>");
      h.append(ReportHtml.when(s.timestampMillis())).append("</td><td>");
      h.append(ReportHtml.op(s.operation())).append("</td><td>");
      h.append(esc(s.producer() == null ? "" : s.producer())).append("</td>");
      h.append(num(s.addedFiles())).append(num(s.addedRows()));
      h.append(num(s.dataFiles())).append(num(s.rows())).append("</tr>");
    }
    h.append("</table>");
  }

  static void refs(StringBuilder h, List<RefBytes> refs) {
    h.append("<h2>Branches and tags: the bytes each keeps alive</h2>");
    h.append("<p class=\"note\">Only here: bytes of data files live in this ref's head and in no")
        .append(" other ref's head (what dropping it and expiring its snapshots would free).</p>");
    List<String> labels = new ArrayList<>();
    List<long[]> values = new ArrayList<>();
    for (RefBytes r : refs) {
      labels.add(r.name() + " (" + r.type() + ")");
      values.add(new long[] {r.exclusiveBytes(), r.bytes() - r.exclusiveBytes()});
    }
    h.append(
        ReportSvg.bars(
            labels,
            values,
            new String[] {"only here", "shared"},
            new String[] {"#ef4444", "#93c5fd"},
            v -> Format.bytes((long) v)));
    h.append("<table id=\"refs\"><tr><th>name</th><th>type</th><th>snapshot</th><th>files</th>")
        .append("<th>bytes</th><th>only here</th></tr>");
    for (RefBytes r : refs) {
      h.append("<tr><td>").append(esc(r.name())).append("</td><td>").append(r.type());
      h.append("</td><td>").append(r.snapshotId()).append("</td>").append(num(r.files()));
      h.append("<td class=\"n\">").append(Format.bytes(r.bytes())).append("</td>");
      h.append("<td class=\"n\">").append(Format.bytes(r.exclusiveBytes())).append("</td></tr>");
    }
    h.append("</table>");
    h.append("<h2>Pinned snapshots</h2>");
    List<RefBytes> pins = refs.stream().filter(RefBytes::pinned).toList();
    if (pins.isEmpty()) {
      h.append("<p>No pinned snapshots (no <code>floe-pin-*</code> tags).</p>");
      return;
    }
    h.append("<table id=\"pins\"><tr><th>tag</th><th>snapshot</th><th>bytes kept</th>")
        .append("<th>lock</th></tr>");
    for (RefBytes p : pins) {
      h.append("<tr><td>").append(esc(p.name())).append("</td><td>").append(p.snapshotId());
      h.append("</td><td class=\"n\">").append(Format.bytes(p.bytes()));
      h.append("</td><td>not recorded in the table (see the lock file)</td></tr>");
    }
    h.append("</table>");
  }

  static void tiers(StringBuilder h, HealthReport r) {
    h.append("<h2>Storage tiers</h2>");
    TierReport t = r.tiers().report();
    String where =
        r.tiers().coldLocation() == null
            ? "No cold location given (--cold-location): files outside the table's location"
                + " count as elsewhere."
            : "Cold location " + r.tiers().coldLocation() + ".";
    h.append("<p class=\"note\">").append(esc(where)).append("</p>");
    h.append(
        ReportSvg.bars(
            List.of("bytes"),
            List.<long[]>of(new long[] {t.hotBytes(), t.coldBytes(), r.tiers().elsewhereBytes()}),
            new String[] {"hot", "cold", "elsewhere"},
            new String[] {"#ef4444", "#2563eb", "#9ca3af"},
            v -> Format.bytes((long) v)));
    h.append("<p id=\"tiers\">hot ")
        .append(t.hotFiles())
        .append(" files (")
        .append(Format.bytes(t.hotBytes()))
        .append("), cold ")
        .append(t.coldFiles())
        .append(" files (")
        .append(Format.bytes(t.coldBytes()))
        .append("), elsewhere ")
        .append(r.tiers().elsewhereFiles())
        .append(" files (")
        .append(Format.bytes(r.tiers().elsewhereBytes()))
        .append(")</p>");
  }

  @SuppressWarnings("unchecked")
  static void profiles(StringBuilder h, Map<String, Object> profiles) {
    h.append("<h2>Profiles: null rates and drift</h2>");
    List<Map<String, Object>> points = (List<Map<String, Object>>) profiles.get("points");
    if (points.isEmpty()) {
      h.append("<p id=\"profiles\">no profiles (appends by a writer with")
          .append(" floe.ingest.profile.enabled carry one)</p>");
      return;
    }
    if (Boolean.TRUE.equals(profiles.get("appends_capped"))) {
      h.append("<p class=\"note\">The newest ")
          .append(ProfileSeries.MAX_APPENDS)
          .append(" appends are read.</p>");
    }
    List<String> x = new ArrayList<>();
    Map<String, Double[]> nulls = new LinkedHashMap<>();
    Map<String, Double[]> psi = new LinkedHashMap<>();
    for (int i = 0; i < points.size(); i++) {
      Map<String, Object> p = points.get(i);
      x.add(String.valueOf(p.get("snapshot_id")));
      Map<String, Map<String, Object>> columns =
          (Map<String, Map<String, Object>>) p.get("columns");
      for (Map.Entry<String, Map<String, Object>> c : columns.entrySet()) {
        nulls.computeIfAbsent(c.getKey(), k -> new Double[points.size()])[i] =
            (Double) c.getValue().get("null_rate");
        psi.computeIfAbsent(c.getKey(), k -> new Double[points.size()])[i] =
            (Double) c.getValue().get("psi");
      }
    }
    h.append("<p id=\"profiles\">")
        .append(points.size())
        .append(" profiled appends. Null rate of the rows each append added:</p>");
    h.append(ReportSvg.lines(x, nulls, v -> String.format(Locale.ROOT, "%.1f%%", v * 100)));
    h.append("<p>Drift: PSI of each append's values against the first profiled append")
        .append(" (above 0.2 is usually a real shift):</p>");
    h.append(ReportSvg.lines(x, psi, v -> String.format(Locale.ROOT, "%.3f", v)));
  }

  private static void cap(StringBuilder h, HealthReport r) {
    if (r.snapshotsShown() < r.snapshotsTotal()) {
      h.append("<p class=\"note\" id=\"cap\">The newest ")
          .append(r.snapshotsShown())
          .append(" of ")
          .append(r.snapshotsTotal())
          .append(" snapshots are shown (--max-snapshots).</p>");
    }
  }
}
