package dev.floe.cli;

import dev.floe.compaction.health.HealthReport;
import dev.floe.compaction.health.HealthReport.PartitionFiles;
import dev.floe.compaction.health.HealthReport.ProducerCommits;
import dev.floe.compaction.health.HealthReport.SnapshotPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code floe report}'s page: one self-contained HTML file, its charts inline SVG and its style
 * inline CSS, so it opens offline and fetches nothing (no CDN, no font, no image). The figures are
 * those of {@link ReportJson}.
 */
final class ReportHtml {
  static final int MAX_PARTITION_BARS = 40;
  static final int MAX_SNAPSHOT_ROWS = 100;
  static final int MAX_PARTITION_ROWS = 500;
  private static final String CSS =
      "body{font-family:sans-serif;margin:24px auto;max-width:980px;color:#1f2937}"
          + "h1{font-size:22px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #ddd}"
          + ".cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ddd;"
          + "border-radius:6px;padding:8px 14px;min-width:120px}.card b{display:block;"
          + "font-size:20px}table{border-collapse:collapse;font-size:12px;margin-top:8px}"
          + "td,th{border-bottom:1px solid #eee;padding:3px 8px;text-align:left}"
          + "td.n{text-align:right}.note{color:#6b7280;font-size:12px}.op{padding:1px 6px;"
          + "border-radius:4px;color:#fff}";
  private static final Map<String, String> OP_COLORS =
      Map.of(
          "append", "#2563eb", "replace", "#10b981", "overwrite", "#f59e0b", "delete", "#ef4444");

  private ReportHtml() {}

  static String render(HealthReport r, Map<String, Object> profiles) {
    StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head>");
    h.append("<meta charset=\"utf-8\"><title>Floe health report: ")
        .append(esc(r.table() + "@" + r.ref()))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>\n");
    h.append("<h1>").append(esc(r.table())).append(" @ ").append(esc(r.ref())).append("</h1>");
    h.append("<p class=\"note\">Head snapshot <span id=\"head\">")
        .append(r.snapshotId() == null ? "none" : r.snapshotId())
        .append("</span>. Figures from Iceberg metadata (manifests and snapshot summaries).</p>");
    long rows = r.partitions().stream().mapToLong(PartitionFiles::rows).sum();
    long bytes = r.partitions().stream().mapToLong(PartitionFiles::bytes).sum();
    h.append("<div class=\"cards\">")
        .append(card("data files", Format.count(r.files())))
        .append(card("small files", Format.count(r.smallFiles()) + " (" + pct(ratio(r)) + ")"))
        .append(card("rows", Format.count(rows)))
        .append(card("data bytes", Format.bytes(bytes)))
        .append(card("snapshots", Format.count(r.snapshotsTotal())))
        .append(card("branches and tags", Integer.toString(r.refs().size())))
        .append("</div>\n");
    partitions(h, r);
    ReportPage.history(h, r);
    producers(h, r.producers());
    ReportPage.snapshots(h, r);
    ReportPage.refs(h, r.refs());
    ReportPage.tiers(h, r);
    ReportPage.profiles(h, profiles);
    return h.append("\n</body></html>\n").toString();
  }

  private static void partitions(StringBuilder h, HealthReport r) {
    h.append("<h2>Data file sizes per partition</h2>");
    h.append("<p class=\"note\">Small: under ")
        .append(Format.bytes(r.smallFileThresholdBytes()))
        .append(", a quarter of the target file size ")
        .append(Format.bytes(r.targetFileSizeBytes()))
        .append(".</p>");
    if (r.partitions().isEmpty()) {
      h.append("<p>No data files.</p>");
      return;
    }
    List<PartitionFiles> worst = new ArrayList<>(r.partitions());
    worst.sort(Comparator.comparingLong(PartitionFiles::files).reversed());
    if (worst.size() > MAX_PARTITION_BARS) {
      h.append("<p class=\"note\">The ")
          .append(MAX_PARTITION_BARS)
          .append(" partitions with the most files of ")
          .append(worst.size())
          .append(" are drawn.</p>");
      worst = worst.subList(0, MAX_PARTITION_BARS);
    }
    List<String> labels = new ArrayList<>();
    List<long[]> values = new ArrayList<>();
    for (PartitionFiles p : worst) {
      labels.add(p.partition());
      values.add(new long[] {p.smallFiles(), p.files() - p.smallFiles()});
    }
    h.append(
        ReportSvg.bars(
            labels,
            values,
            new String[] {"small files", "files at size"},
            new String[] {"#f59e0b", "#2563eb"},
            v -> Format.count((long) v)));
    List<PartitionFiles> listed = r.partitions();
    if (listed.size() > MAX_PARTITION_ROWS) {
      listed = new ArrayList<>(listed);
      listed.sort(Comparator.comparingLong(PartitionFiles::smallFiles).reversed());
      listed = listed.subList(0, MAX_PARTITION_ROWS);
      h.append("<p class=\"note\">The ")
          .append(MAX_PARTITION_ROWS)
          .append(" partitions with the most small files are listed; --json has all ")
          .append(r.partitions().size())
          .append(".</p>");
    }
    h.append("<table id=\"partitions\"><tr><th>partition</th><th>files</th><th>small</th>")
        .append("<th>small ratio</th><th>bytes</th><th>rows</th><th>smallest</th>")
        .append("<th>largest</th></tr>");
    for (PartitionFiles p : listed) {
      h.append("<tr><td>").append(esc(p.partition())).append("</td>");
      h.append(num(p.files())).append(num(p.smallFiles()));
      h.append("<td class=\"n\">").append(pct(p.smallFileRatio())).append("</td>");
      h.append("<td class=\"n\">").append(Format.bytes(p.bytes())).append("</td>");
      h.append(num(p.rows()));
      h.append("<td class=\"n\">").append(Format.bytes(p.minBytes())).append("</td>");
      h.append("<td class=\"n\">").append(Format.bytes(p.maxBytes())).append("</td></tr>");
    }
    h.append("</table>");
  }

  private static void producers(StringBuilder h, List<ProducerCommits> producers) {
    h.append("<h2>Commits per producer</h2>");
    if (producers.isEmpty()) {
      h.append("<p>No commits by Floe's ingest writers on this ref.</p>");
      return;
    }
    List<String> labels = new ArrayList<>();
    List<long[]> values = new ArrayList<>();
    for (ProducerCommits p : producers) {
      labels.add(p.producer());
      values.add(new long[] {p.commits()});
    }
    h.append(
        ReportSvg.bars(
            labels,
            values,
            new String[] {"commits"},
            new String[] {ReportSvg.PALETTE[2]},
            v -> Format.count((long) v)));
    h.append("<table id=\"producers\"><tr><th>producer</th><th>commits</th><th>rows added</th>");
    for (ProducerCommits p : producers) {
      h.append("<tr><td>").append(esc(p.producer())).append("</td>");
      h.append(num(p.commits())).append(num(p.rows())).append("</tr>");
    }
    h.append("</table>");
  }

  static Map<String, Long> operations(List<SnapshotPoint> snapshots) {
    Map<String, Long> ops = new TreeMap<>();
    snapshots.forEach(s -> ops.merge(String.valueOf(s.operation()), 1L, Long::sum));
    return ops;
  }

  static String op(String operation) {
    String color = operation == null ? "#6b7280" : OP_COLORS.getOrDefault(operation, "#6b7280");
    return "<span class=\"op\" style=\"background:" + color + "\">" + esc(operation) + "</span>";
  }

  static String when(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  static String card(String label, String value) {
    return "<div class=\"card\">" + esc(label) + "<b>" + esc(value) + "</b></div>";
  }

  static String num(long n) {
    return "<td class=\"n\">" + Format.count(n) + "</td>";
  }

  static String pct(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  private static double ratio(HealthReport r) {
    return r.files() == 0 ? 0 : (double) r.smallFiles() / r.files();
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
