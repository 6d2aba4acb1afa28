package dev.floe.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * The report's charts as inline SVG, drawn here so the page needs no script library and no network:
 * horizontal (stacked) bars and line series. Each element carries a {@code <title>} with its exact
 * figure, which browsers show on hover.
 */
final class ReportSvg {
  static final String[] PALETTE = {
    "#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#0891b2", "#db2777", "#65a30d"
  };
  private static final int WIDTH = 760;
  private static final int LABEL = 220;

  private ReportSvg() {}

  /** One bar per row; a row's values are stacked segments coloured by {@code colors}. */
  static String bars(
      List<String> labels,
      List<long[]> values,
      String[] names,
      String[] colors,
      DoubleFunction<String> fmt) {
    long max = 1;
    for (long[] v : values) {
      long sum = 0;
      for (long x : v) {
        sum += x;
      }
      max = Math.max(max, sum);
    }
    int row = 22;
    int height = labels.size() * row + 30;
    StringBuilder s = open(height);
    double scale = (WIDTH - LABEL - 90) / (double) max;
    for (int i = 0; i < labels.size(); i++) {
      int y = i * row + 4;
      s.append(text(LABEL - 6, y + 14, "end", shorten(labels.get(i), 32)));
      double x = LABEL;
      long sum = 0;
      for (int k = 0; k < values.get(i).length; k++) {
        long v = values.get(i)[k];
        sum += v;
        double w = v * scale;
        s.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"><title>%s: %s"
                    + " %s</title></rect>",
                x,
                y,
                w,
                colors[k],
                ReportHtml.esc(labels.get(i)),
                names[k],
                fmt.apply(v)));
        x += w;
      }
      s.append(text((int) x + 6, y + 13, "start", fmt.apply(sum)));
    }
    s.append(legend(height - 12, names, colors));
    return s.append("</svg>").toString();
  }

  /** Line series over the same x points (snapshots, oldest first); null values leave gaps. */
  static String lines(
      List<String> xLabels, Map<String, Double[]> series, DoubleFunction<String> fmt) {
    int height = 240;
    int left = 70;
    int top = 12;
    int plotH = 170;
    int plotW = WIDTH - left - 20;
    double max = 0;
    for (Double[] ys : series.values()) {
      for (Double y : ys) {
        max = y == null ? max : Math.max(max, y);
      }
    }
    max = max == 0 ? 1 : max;
    StringBuilder s = open(height);
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
            left,
            top,
            left,
            top + plotH,
            left,
            top + plotH,
            left + plotW,
            top + plotH));
    s.append(text(left - 4, top + 10, "end", fmt.apply(max)));
    s.append(text(left - 4, top + plotH, "end", fmt.apply(0)));
    int n = xLabels.size();
    double step = n <= 1 ? 0 : plotW / (double) (n - 1);
    String[] names = series.keySet().toArray(new String[0]);
    String[] colors = new String[names.length];
    for (int k = 0; k < names.length; k++) {
      colors[k] = PALETTE[k % PALETTE.length];
      Double[] ys = series.get(names[k]);
      StringBuilder path = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      boolean pen = false;
      for (int i = 0; i < n; i++) {
        if (ys[i] == null) {
          pen = false;
          continue;
        }
        double x = left + (n <= 1 ? plotW / 2.0 : i * step);
        double y = top + plotH - ys[i] / max * plotH;
        path.append(String.format(Locale.ROOT, "%s%.1f %.1f ", pen ? "L" : "M", x, y));
        pen = true;
        if (n <= 120) {
          dots.append(
              String.format(
                  Locale.ROOT,
                  "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s at %s: %s</title>"
                      + "</circle>",
                  x,
                  y,
                  colors[k],
                  ReportHtml.esc(names[k]),
                  xLabels.get(i),
                  fmt.apply(ys[i])));
        }
      }
      s.append("<path d=\"")
          .append(path)
          .append("\" fill=\"none\" stroke-width=\"2\" stroke=\"")
          .append(colors[k])
          .append("\"/>")
          .append(dots);
    }
    if (n > 0) {
      s.append(text(left, top + plotH + 16, "start", "#" + xLabels.get(0)));
      s.append(text(left + plotW, top + plotH + 16, "end", "#" + xLabels.get(n - 1)));
    }
    s.append(legend(height - 12, names, colors));
    return s.append("</svg>").toString();
  }

  private static StringBuilder open(int height) {
    return new StringBuilder(
        String.format(
            Locale.ROOT,
            "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" font-size=\"12\" font-family=\"sans-serif\">",
            WIDTH,
            height,
            WIDTH,
            height));
  }

  private static String legend(int y, String[] names, String[] colors) {
    StringBuilder s = new StringBuilder();
    int x = LABEL;
    for (int k = 0; k < names.length; k++) {
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>",
              x,
              y - 9,
              colors[k]));
      s.append(text(x + 14, y, "start", shorten(names[k], 28)));
      x += 30 + Math.min(28, names[k].length()) * 7;
    }
    return s.toString();
  }

  private static String text(int x, int y, String anchor, String t) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>",
        x,
        y,
        anchor,
        ReportHtml.esc(t));
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
